"""Print preview of a finished document: the very PDF that would be saved, rendered from memory.

The bytes go into a QPdfDocument through a QBuffer: no temporary file ever holds them (the
vault is encrypted, /tmp is not). Pages are drawn as images at the printer's resolution,
capped, and fitted to the paper keeping their proportions.
"""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, QRectF, QSize, QSizeF, Qt
from PySide6.QtGui import (
    QGuiApplication,
    QImage,
    QPageLayout,
    QPageSize,
    QPaintEngine,
    QPainter,
)
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog, QPrintPreviewWidget
from PySide6.QtWidgets import QWidget

from practice_desk.services.documents import Document

PRINT_DPI = 300  # sharp on paper; more only makes the print job heavier
PREVIEW_DPI = 150  # the preview keeps every page in memory: enough for the screen


def default_printer() -> QPrinter:
    """A4 portrait in full colour, drawing on the whole sheet: the PDF brings its own margins,
    so the printout has the same size as the saved file."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    printer.setPageOrientation(QPageLayout.Orientation.Portrait)
    printer.setColorMode(QPrinter.ColorMode.Color)
    printer.setFullPage(True)
    return printer


def fitted(page: QSizeF, area: QRectF) -> QRectF:
    """`page` scaled to fit `area`, proportions kept, centred."""
    scale = min(area.width() / page.width(), area.height() / page.height())
    size = QSizeF(page.width() * scale, page.height() * scale)
    corner = QPointF(
        area.x() + (area.width() - size.width()) / 2,
        area.y() + (area.height() - size.height()) / 2,
    )
    return QRectF(corner, size)


def on_paper(page: QImage) -> QImage:
    """The page on white: pdfium leaves the background transparent, which some printers and
    PDF viewers show as black."""
    paper = QImage(page.size(), QImage.Format.Format_RGB32)
    paper.fill(Qt.GlobalColor.white)
    painter = QPainter(paper)
    painter.drawImage(0, 0, page)
    painter.end()
    return paper


def chosen_pages(printer: QPrinter, count: int) -> list[int]:
    """The page indexes (from 0) to print, honouring a page range and order the user chose."""
    pages = list(range(count))
    ranges = printer.pageRanges()
    if printer.printRange() == QPrinter.PrintRange.PageRange and not ranges.isEmpty():
        pages = [index for index in pages if ranges.contains(index + 1)]
    if printer.pageOrder() == QPrinter.PageOrder.LastPageFirst:
        pages.reverse()
    return pages


class PrintPreviewDialog(QPrintPreviewDialog):
    def __init__(
        self,
        document: Document,
        parent: QWidget | None = None,
        *,
        printer: QPrinter | None = None,
    ) -> None:
        chosen = printer if printer is not None else default_printer()
        super().__init__(chosen, parent)
        self._printer = chosen  # the dialog doesn't own it: keep it alive as long as we are
        self.setObjectName("print_preview")
        self.setWindowTitle(f"Print preview — {document.title}")  # never the client's name
        self._fit_to_screen()
        # The app's roomy field padding would clip the toolbar's zoom and page boxes.
        self.setStyleSheet(
            "QToolBar QComboBox { padding: 1px 4px; min-width: 84px; }"
            "QToolBar QComboBox QLineEdit { padding: 0; border: none; background: transparent; }"
            "QToolBar > QLineEdit { padding: 1px 4px; }"
        )
        self.pages_painted = 0  # by the last paint: the preview's, or the printout's
        self.print_failed = False
        self.preview: QPrintPreviewWidget = self.findChild(QPrintPreviewWidget)
        self._data: QByteArray | None = QByteArray(document.pdf)
        # The buffer shares the QByteArray, so zeroing it at the end zeroes what Qt read from.
        self._buffer: QBuffer | None = QBuffer(self)
        self._buffer.setBuffer(self._data)
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self._pdf: QPdfDocument | None = QPdfDocument(self)
        self._pdf.load(self._buffer)  # pdfium keeps reading from the buffer while it's open
        self.paintRequested.connect(self._paint)

    def _fit_to_screen(self) -> None:
        # A whole A4 page at a readable size, but never taller than a laptop's screen.
        screen = self.screen() or QGuiApplication.primaryScreen()
        room = screen.availableGeometry() if screen is not None else None
        width, height = 900, 960
        if room is not None:
            width, height = min(width, room.width() - 40), min(height, room.height() - 60)
        self.resize(width, height)

    @property
    def is_ready(self) -> bool:
        return self._pdf is not None and self._pdf.status() == QPdfDocument.Status.Ready

    @property
    def holds_document(self) -> bool:
        return self._pdf is not None or self._data is not None

    @property
    def printed(self) -> bool:
        """Accepted (Qt accepts only after printing) and every chosen page reached the printer."""
        accepted = self.result() == QPrintPreviewDialog.DialogCode.Accepted
        return accepted and not self.print_failed and self.pages_painted > 0

    def print_now(self) -> None:
        """Print on the dialog's printer without the system print dialog, as its Print button
        does once that dialog is answered. The seam scripted prompts use."""
        self.preview.print_()
        self.accept()

    def done(self, result: int) -> None:
        super().done(result)
        self._forget()

    # --- painting -----------------------------------------------------------------------------

    def _paint(self, printer: QPrinter) -> None:
        self.pages_painted = 0
        self.print_failed = False
        if not self.is_ready:
            return
        painter = QPainter()
        if not painter.begin(printer):
            self.print_failed = True  # no printer, or it refused the job
            return
        try:
            self._paint_pages(painter, printer)
        finally:
            painter.end()

    def _paint_pages(self, painter: QPainter, printer: QPrinter) -> None:
        # The preview records into a picture engine; a real printout uses any other.
        previewing = painter.paintEngine().type() == QPaintEngine.Type.Picture
        dpi = min(printer.resolution(), PREVIEW_DPI if previewing else PRINT_DPI)
        sheet = printer.paperRect if printer.fullPage() else printer.pageRect
        area = QRectF(QPointF(0, 0), sheet(QPrinter.Unit.DevicePixel).size())
        for number, index in enumerate(chosen_pages(printer, self._pdf.pageCount())):
            if number:
                printer.newPage()
            self._paint_page(painter, index, area, dpi)
            self.pages_painted += 1

    def _paint_page(self, painter: QPainter, index: int, area: QRectF, dpi: int) -> None:
        points = self._pdf.pagePointSize(index)  # 1/72 inch
        pixels = QSize(round(points.width() * dpi / 72), round(points.height() * dpi / 72))
        painter.drawImage(fitted(points, area), on_paper(self._pdf.render(index, pixels)))

    # --- cleaning up --------------------------------------------------------------------------

    def _forget(self) -> None:
        """Let go of the document once the dialog is closed: close pdfium's copy first, then
        zero the buffer it read from."""
        if self._pdf is not None:
            self._pdf.close()
            self._pdf.deleteLater()
            self._pdf = None
        if self._buffer is not None:
            self._buffer.close()
            self._buffer.deleteLater()
            self._buffer = None
        if self._data is not None:
            self._data.fill(0)
            self._data.clear()
            self._data = None
