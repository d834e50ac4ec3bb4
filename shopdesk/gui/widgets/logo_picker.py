"""The shop logo in Settings: a preview, Choose… and Remove. Any image becomes a PNG."""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt, Signal
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QLabel, QPushButton, QWidget

#: Logos are stored at most this size: sharp on paper, small in the database.
MAX_WIDTH, MAX_HEIGHT = 600, 240


def to_png(image: QImage) -> bytes:
    """Scale ``image`` down to fit MAX_WIDTH x MAX_HEIGHT (never up) and encode it as PNG."""
    if image.width() > MAX_WIDTH or image.height() > MAX_HEIGHT:
        image = image.scaled(MAX_WIDTH, MAX_HEIGHT, Qt.AspectRatioMode.KeepAspectRatio,
                             Qt.TransformationMode.SmoothTransformation)
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(data.data())


class LogoPicker(QWidget):
    """Holds the logo being edited (:attr:`png`, None for no logo); ``problem`` on a bad file."""

    problem = Signal(str)

    def __init__(self, png: bytes | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.preview = QLabel()
        self.preview.setFixedSize(160, 60)
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setStyleSheet("border: 1px dashed #9aa5b1; background: #ffffff;")
        self.choose_button = QPushButton(self.tr("Choose &logo…"))
        self.remove_button = QPushButton(self.tr("Remove"))
        layout.addWidget(self.preview)
        layout.addWidget(self.choose_button)
        layout.addWidget(self.remove_button)
        layout.addStretch(1)
        self.choose_button.clicked.connect(self._choose)
        self.remove_button.clicked.connect(lambda: self.set_png(None))
        self.png: bytes | None = None
        self.set_png(png)

    def set_png(self, png: bytes | None) -> None:
        """Show and keep ``png`` (None: no logo)."""
        self.png = png
        self.remove_button.setEnabled(png is not None)
        if png is None:
            self.preview.setText(self.tr("No logo"))
            return
        pixmap = QPixmap()
        pixmap.loadFromData(png)
        self.preview.setPixmap(pixmap.scaled(self.preview.size(),
                                             Qt.AspectRatioMode.KeepAspectRatio,
                                             Qt.TransformationMode.SmoothTransformation))

    def load_file(self, path: str) -> bool:
        """Take the logo from an image file; False (and ``problem``) if it is not an image."""
        image = QImage(path)
        if image.isNull():
            self.problem.emit(self.tr("{path} is not an image ShopDesk can read (use PNG or "
                                  "JPEG)").format(path=path))
            return False
        self.set_png(to_png(image))
        return True

    def _choose(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Shop logo"), "",
                                              self.tr("Images (*.png *.jpg *.jpeg *.bmp *.gif "
                                                      "*.svg)"))
        if path:
            self.load_file(path)
