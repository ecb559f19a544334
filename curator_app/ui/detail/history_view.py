"""The History tab: per front-matter key, the commits that changed it, newest first."""

from __future__ import annotations

from PySide6.QtWidgets import QTreeWidget, QTreeWidgetItem, QWidget

from curator_app.core.githistory import HistoryEntry, short_date, text


class HistoryView(QTreeWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("historyView")
        self.setHeaderLabels(["Change", "Who", "When", "Commit"])
        self.setRootIsDecorated(True)
        self.setColumnWidth(0, 260)

    def show_message(self, message: str) -> None:
        self.clear()
        self.addTopLevelItem(QTreeWidgetItem([message]))

    def show_history(self, entries: list[HistoryEntry]) -> None:
        """Group by key, in the order keys were last changed; newest first within each."""
        self.clear()
        if not entries:
            self.show_message("No commit changed this article's front matter yet.")
            return
        groups: dict[str, QTreeWidgetItem] = {}
        for entry in entries:
            group = groups.get(entry.key)
            if group is None:
                group = groups[entry.key] = QTreeWidgetItem([entry.key])
                self.addTopLevelItem(group)
            change = "edited" if entry.key == "body" else f"{text(entry.old)} → {text(entry.new)}"
            item = QTreeWidgetItem([change, entry.author, short_date(entry.date), entry.short])
            item.setToolTip(0, entry.line())
            item.setToolTip(3, f"{entry.commit}\n{entry.subject}")
            group.addChild(item)
        self.expandAll()

    def lines(self) -> list[str]:
        """What the tab shows, one line per change (tests)."""
        out: list[str] = []
        for i in range(self.topLevelItemCount()):
            group = self.topLevelItem(i)
            if group is None:
                continue
            for j in range(group.childCount()):
                child = group.child(j)
                if child is not None:
                    out.append(f"{group.text(0)} {child.text(0)} · {child.text(1)}")
        return out
