"""The About box: what the app is, whose model and data it uses, where the images come from."""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from mygo_desktop import __version__
from mygo_desktop.core.hotkeys import display_hotkey
from mygo_desktop.ui.i18n import tr

MYGOCHAT_URL = "https://github.com/qaz45647/MyGOChat"
IMAGE_HOST = "truth.bahamut.com.tw"


def about_html(hotkey: str, log_path: Path | None) -> str:
    key = html.escape(display_hotkey(hotkey))
    log = html.escape(str(log_path)) if log_path else "—"
    link = f'<a href="{MYGOCHAT_URL}">MyGOChat</a>'
    return tr(
        f"<h3>mygo-desktop {__version__}</h3>"
        f"<p>選取收到的訊息、按 <b>{key}</b>，用 MyGO!!!!! 的圖回覆。</p>"
        f"<p><b>模型</b>：我們用自己寫的訊息與標註訓練的字元 n-gram 模型，在你的電腦上執行，不連網。"
        f"構想與 157 句台詞清單來自 {link}。</p>"
        f"<p><b>資料</b>：訓練與評估資料由本專案撰寫與標註，隨程式附上。</p>"
        f"<p><b>圖片</b>：動畫《BanG Dream! It's MyGO!!!!!》的截圖，版權屬原著與製作方所有。"
        f"程式不附圖片，使用時才從 MyGOChat 列出的網址（{IMAGE_HOST}）下載，只存在你的電腦上；"
        f"也可以在設定裡指定自己的圖片資料夾。</p>"
        f"<p>記錄檔：{log}</p>",
        f"<h3>mygo-desktop {__version__}</h3>"
        f"<p>Select a message you received, press <b>{key}</b>, answer with a MyGO!!!!! sticker.</p>"
        f"<p><b>Model</b>: a character n-gram model trained on messages and labels we wrote; it runs on "
        f"your computer, offline. The idea and the list of 157 lines come from {link}.</p>"
        f"<p><b>Data</b>: the training and evaluation data were written and labelled by this project "
        f"and ship with it.</p>"
        f"<p><b>Images</b>: screenshots of the anime <i>BanG Dream! It's MyGO!!!!!</i>, owned by its "
        f"rights holders. The app ships no images: it downloads them from the addresses MyGOChat lists "
        f"({IMAGE_HOST}) when you use them and keeps them on your computer only; or set your own "
        f"image folder in Settings.</p>"
        f"<p>Log: {log}</p>",
    )


def show_about(hotkey: str, log_path: Path | None, parent: QWidget | None = None) -> None:
    box = QMessageBox(parent)
    box.setObjectName("aboutBox")
    box.setWindowTitle(tr("關於 mygo-desktop", "About mygo-desktop"))
    box.setTextFormat(Qt.TextFormat.RichText)
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)  # the link opens
    box.setText(about_html(hotkey, log_path))
    box.setIconPixmap(box.windowIcon().pixmap(48, 48))
    box.exec()
