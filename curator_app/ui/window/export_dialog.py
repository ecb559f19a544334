"""The Export dialog (File ▸ Export…): what, in which format, where; then export off the GUI thread.

The dialog says how many articles will be exported before anything is written,
asks before replacing an existing output (``confirm_overwrite``, which tests
override), runs core's ``export_articles`` as a TaskRunner task (its progress and
cancel token feed the progress bar and Cancel), and shows the result with a "Show in folder" button.
"""

from __future__ import annotations

import os
from html import escape
from pathlib import Path
from typing import TypeVar

from PySide6.QtCore import QSettings, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from curator_app.core.entry import ArticleEntry
from curator_app.core.export import (
    ExportFormat,
    ExportOptions,
    ExportResult,
    export_articles,
)
from curator_app.ui.tasks import TaskHandle, TaskRunner

FORMAT_KEY = "export/format"
OUTPUT_KEY = "export/output"
CSV_BOM_KEY = "export/csvBom"
FORMAT_LABELS = (
    (ExportFormat.JSONL, "JSON Lines (.jsonl)"),
    (ExportFormat.JSON, "JSON (.json)"),
    (ExportFormat.CSV, "CSV for spreadsheets (.csv)"),
    (ExportFormat.FOLDER, "Folder copy (files and their images)"),
    (ExportFormat.ZIP, "Zip archive of a folder copy (.zip)"),
)
PROGRESS_INTERVAL = 0.05  # seconds between progress signals: 100,000 files, not 100,000 events


class ExportDialog(QDialog):
    exportFinished = Signal(object)  # the ExportResult, or the exception that stopped it

    def __init__(
        self,
        folder: Path,
        selected: list[ArticleEntry],
        shown: list[ArticleEntry],
        all_entries: list[ArticleEntry],
        settings: QSettings,
        runner: TaskRunner,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export Articles")
        self.setObjectName("exportDialog")
        # Deleted by Qt on the GUI thread once closed, never by a garbage collection
        # that happens to run on a worker thread.
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.folder = folder
        self.settings = settings
        self.runner = runner
        self.last_result: ExportResult | None = None
        self._published = [entry for entry in all_entries if entry.ok and entry.published]
        self._export: TaskHandle | None = None
        self._running = False
        self._close_when_done = False

        self.scope_selected = self._scope_radio("exportScopeSelected", "Selected rows", selected)
        self.scope_shown = self._scope_radio("exportScopeShown", "Rows shown by the filters", shown)
        self.scope_published = self._scope_radio(
            "exportScopePublished", "All published articles", self._published
        )
        self._scopes = {
            self.scope_selected: selected,
            self.scope_shown: shown,
            self.scope_published: self._published,
        }
        self.scope_group = QButtonGroup(self)
        for radio in self._scopes:
            self.scope_group.addButton(radio)
        self.count_label = _named(QLabel(), "exportCount")

        self.format_combo = _named(QComboBox(), "exportFormat")
        for fmt, label in FORMAT_LABELS:
            self.format_combo.addItem(label, fmt.value)
        self.csv_bom = _named(
            QCheckBox("Start with a byte-order mark (for Excel and other spreadsheets)"),
            "exportCsvBom",
        )
        self.output_edit = _named(QLineEdit(), "exportOutput")
        self.output_edit.setPlaceholderText("File or folder to create")
        self.output_edit.setMinimumWidth(380)
        self.browse_button = _named(QPushButton("Browse…"), "exportBrowse")

        self.progress_bar = _named(QProgressBar(), "exportProgress")
        self.progress_bar.hide()  # until the first export: an empty bar reads as a text field
        self.result_label = _named(QLabel(), "exportResult")
        self.result_label.setWordWrap(True)
        self.result_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.problems = _named(QPlainTextEdit(), "exportProblems")
        self.problems.setReadOnly(True)
        self.problems.setMaximumHeight(110)
        self.problems.hide()

        self.export_button = _named(QPushButton("Export"), "exportButton")
        self.export_button.setDefault(True)
        self.cancel_button = _named(QPushButton("Cancel"), "exportCancel")
        self.show_button = _named(QPushButton("Show in Folder"), "exportShowInFolder")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.addButton(self.show_button, QDialogButtonBox.ButtonRole.ResetRole)
        self.buttons.addButton(self.cancel_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.addButton(self.export_button, QDialogButtonBox.ButtonRole.ActionRole)

        self._lay_out()
        self._connect()
        self._restore(selected)
        self._set_running(False)
        self.show_button.setEnabled(False)

    # -- building ----------------------------------------------------------------

    def _scope_radio(self, name: str, label: str, entries: list[ArticleEntry]) -> QRadioButton:
        radio = QRadioButton(f"{label} ({len(entries):,})")
        radio.setObjectName(name)
        radio.setEnabled(bool(entries))
        return radio

    def _lay_out(self) -> None:
        scope_box = QGroupBox("Articles")
        scope_layout = QVBoxLayout(scope_box)
        for radio in self._scopes:
            scope_layout.addWidget(radio)
        scope_layout.addSpacing(4)
        scope_layout.addWidget(self.count_label)

        output_row = QHBoxLayout()
        output_row.addWidget(self.output_edit, 1)
        output_row.addWidget(self.browse_button)
        target_box = QGroupBox("Format and destination")
        form = QFormLayout(target_box)
        form.addRow("Format:", self.format_combo)
        form.addRow("", self.csv_bom)
        form.addRow("Save to:", output_row)

        layout = QVBoxLayout(self)
        layout.addWidget(scope_box)
        layout.addWidget(target_box)
        layout.addWidget(self.progress_bar)
        layout.addWidget(self.result_label)
        layout.addWidget(self.problems)
        layout.addWidget(self.buttons)

    def _connect(self) -> None:
        self.scope_group.buttonToggled.connect(self._update_count)
        self.format_combo.currentIndexChanged.connect(self._format_changed)
        self.output_edit.textChanged.connect(self._update_export_button)
        self.browse_button.clicked.connect(self.choose_output)
        self.export_button.clicked.connect(self.start_export)
        self.cancel_button.clicked.connect(self.cancel_export)
        self.show_button.clicked.connect(self.show_in_folder)
        self.buttons.rejected.connect(self.reject)

    def _restore(self, selected: list[ArticleEntry]) -> None:
        saved_format = str(self.settings.value(FORMAT_KEY, ExportFormat.JSONL.value))
        self._format = ExportFormat.JSONL  # the first item; the suffix swap starts from it
        self.format_combo.setCurrentIndex(max(self.format_combo.findData(saved_format), 0))
        self.csv_bom.setChecked(str(self.settings.value(CSV_BOM_KEY, "false")).lower() == "true")
        default_name = f"{self.folder.name or 'articles'}-export{self.format().suffix}"
        saved_output = str(self.settings.value(OUTPUT_KEY, "") or "")
        self.output_edit.setText(saved_output or str(self.folder.parent / default_name))
        first = next((r for r in self._scopes if r.isEnabled()), self.scope_published)
        (self.scope_selected if selected else first).setChecked(True)
        self._format_changed()

    # -- state -------------------------------------------------------------------

    def format(self) -> ExportFormat:
        return ExportFormat(self.format_combo.currentData())

    def chosen_entries(self) -> list[ArticleEntry]:
        checked = self.scope_group.checkedButton()
        return list(self._scopes.get(checked, [])) if isinstance(checked, QRadioButton) else []

    def output_path(self) -> Path | None:
        text = self.output_edit.text().strip()
        return Path(os.path.expanduser(text)) if text else None

    def _format_changed(self) -> None:
        new = self.format()
        self.csv_bom.setVisible(new is ExportFormat.CSV)
        text = self.output_edit.text().strip()
        old_suffix = self._format.suffix
        if text and new is not self._format and (not old_suffix or text.endswith(old_suffix)):
            stem = text[: len(text) - len(old_suffix)] if old_suffix else text
            self.output_edit.setText(stem + new.suffix)
        self._format = new
        self._update_count()

    def _update_count(self) -> None:
        entries = self.chosen_entries()
        noun = "article" if len(entries) == 1 else "articles"
        text = f"<b>{len(entries):,} {noun}</b> will be exported."
        broken = sum(1 for entry in entries if not entry.ok)
        if broken:
            fate = "reported" if self._format.is_record_format else "copied as they are"
            text += f" {broken:,} of them cannot be read and will be {fate}."
        self.count_label.setText(text)
        self._update_export_button()

    def _update_export_button(self) -> None:
        ready = bool(self.chosen_entries()) and self.output_path() is not None
        self.export_button.setEnabled(ready and not self._running)

    def _set_running(self, running: bool) -> None:
        self._running = running
        for radio, entries in self._scopes.items():
            radio.setEnabled(not running and bool(entries))
        for widget in (self.format_combo, self.csv_bom, self.output_edit, self.browse_button):
            widget.setEnabled(not running)
        self.cancel_button.setEnabled(running)
        self._update_export_button()

    # -- actions -----------------------------------------------------------------

    def confirm_overwrite(self, path: Path) -> bool:
        """Ask before replacing ``path``; tests override this to answer."""
        answer = QMessageBox.question(
            self,
            "Replace Existing Output?",
            f"{path} already exists.\n\nReplace it with this export?",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    def choose_output(self) -> None:
        """Browse…: a native file dialog (never called by tests)."""
        fmt = self.format()
        current = self.output_edit.text().strip()
        name, _ = QFileDialog.getSaveFileName(
            self,
            "Export To",
            current,
            "" if fmt is ExportFormat.FOLDER else f"{fmt.value.upper()} (*{fmt.suffix})",
            options=QFileDialog.Option.DontConfirmOverwrite,  # start_export asks itself
        )
        if name:
            self.output_edit.setText(name)

    def start_export(self) -> None:
        output = self.output_path()
        entries = self.chosen_entries()
        if self._running or output is None or not entries:
            return
        force = os.path.lexists(output)
        if force and not self.confirm_overwrite(output):
            return
        fmt = self.format()
        options = ExportOptions(force=force, csv_bom=self.csv_bom.isChecked())
        self.settings.setValue(FORMAT_KEY, fmt.value)
        self.settings.setValue(OUTPUT_KEY, str(output))
        self.settings.setValue(CSV_BOM_KEY, "true" if options.csv_bom else "false")
        self.last_result = None
        self.progress_bar.setRange(0, len(entries))
        self.progress_bar.setValue(0)
        self.progress_bar.setFormat("%v of %m articles")
        self.progress_bar.show()
        self.result_label.setText(f"Exporting to {escape(str(output))}…")
        self.problems.clear()
        self.problems.hide()
        self.show_button.setEnabled(False)
        self._set_running(True)
        folder = self.folder
        self._export = self.runner.start(
            lambda task: export_articles(
                folder, entries, fmt, output, options, task.progress, task.cancelled
            ),
            self._export_done,
            self._export_failed,
            on_progress=self._show_progress,
            progress_interval=PROGRESS_INTERVAL,
        )

    def cancel_export(self) -> None:
        if self._running and self._export is not None:
            self._export.cancel()  # the export stops at its next file and reports so
            self.cancel_button.setEnabled(False)
            self.result_label.setText("Cancelling…")

    def show_in_folder(self) -> None:
        result = self.last_result
        if result is None or result.output is None:
            return
        is_copy = result.output.is_dir()
        folder = result.output if is_copy else result.output.parent
        if not self.open_url(QUrl.fromLocalFile(str(folder))):
            self.result_label.setText(
                f"No file manager could be started here; the export is in {escape(str(folder))}"
            )

    def open_url(self, url: QUrl) -> bool:
        """Hand ``url`` to the desktop (tests override this)."""
        return QDesktopServices.openUrl(url)

    def reject(self) -> None:
        if self._running:  # closing cancels; the dialog closes once nothing is left behind
            self._close_when_done = True
            self.cancel_export()
            return
        super().reject()

    # -- results -----------------------------------------------------------------

    def _show_progress(self, done: int, total: int) -> None:
        self.progress_bar.setRange(0, total)
        self.progress_bar.setValue(done)

    def _export_done(self, result: ExportResult) -> None:
        self._set_running(False)
        self.last_result = result
        if result.cancelled:
            self.progress_bar.setValue(0)
            self.result_label.setText("Export cancelled. Nothing was written.")
        else:
            self.progress_bar.setValue(self.progress_bar.maximum())
            noun = "article" if result.written == 1 else "articles"
            where = escape(str(result.output))
            text = f"Exported {result.written:,} of {result.total:,} {noun} to {where}."
            if result.errors:
                count = len(result.errors)
                text += f" <b>{count:,} problem{'s' if count != 1 else ''}:</b>"
            self.result_label.setText(text)
            self._list_problems(result.errors, result.warnings)
            self.show_button.setEnabled(True)
        self.exportFinished.emit(result)
        self._finish()

    def _export_failed(self, error: BaseException) -> None:
        self._set_running(False)
        self.progress_bar.setValue(0)
        self.result_label.setText(
            f"<b>Export failed; nothing was written.</b><br>{escape(str(error))}"
        )
        self.exportFinished.emit(error)
        self._finish()

    def _list_problems(self, errors: list[str], warnings: list[str]) -> None:
        prefix = f"{self.folder}{os.sep}"  # paths below the folder read better relative
        lines = [m.removeprefix(prefix) for m in errors]
        lines += [f"Note: {m.removeprefix(prefix)}" for m in warnings]
        self.problems.setPlainText("\n".join(lines))
        self.problems.setVisible(bool(lines))

    def _finish(self) -> None:
        if self._close_when_done:
            self._close_when_done = False
            super().reject()


W = TypeVar("W", bound=QWidget)


def _named(widget: W, name: str) -> W:
    """``widget`` with an objectName, so tests and automation find it."""
    widget.setObjectName(name)
    return widget
