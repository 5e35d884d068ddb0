"""What "download all images" tells the user: where the images came from, and why any failed."""

from __future__ import annotations

from mygo_desktop.ui.i18n import tr
from mygo_desktop.ui.image_service import DownloadSummary

_NETWORK_WORDS = ("unreachable", "request failed", "timed out", "connection", "resolve", "network")


def report(summary: DownloadSummary) -> tuple[str, str, bool]:
    """(title, message, is_warning) for the notification at the end of "download all"."""
    here = summary.user_folder + summary.cached
    parts_zh, parts_en = [], []
    if summary.downloaded:
        parts_zh.append(f"下載了 {summary.downloaded} 張")
        parts_en.append(f"{summary.downloaded} downloaded")
    if here:
        parts_zh.append(f"{here} 張已在電腦上（自己的資料夾 {summary.user_folder}、快取 {summary.cached}）")
        parts_en.append(f"{here} already here (your folder {summary.user_folder}, cache {summary.cached})")
    if not summary.failed:
        if not summary.downloaded:
            return (
                tr("圖片都已在電腦上", "All images are already here"),
                tr("沒有需要下載的圖片：", "Nothing to download: ") + tr("、".join(parts_zh), ", ".join(parts_en)),
                False,
            )
        return tr("圖片下載完成", "Images downloaded"), tr("、".join(parts_zh), ", ".join(parts_en)), False
    network = any(word in summary.first_reason.lower() for word in _NETWORK_WORDS)
    why = (
        tr(
            "連不上圖片網站（沒有網路，或網站目前無法連線）",
            "the image site cannot be reached (no network, or the site is down)",
        )
        if network
        else summary.first_reason
    )
    advice = tr(
        "請確認網路後再按一次「下載全部圖片」，或在設定中指定自己的圖片資料夾；沒有圖的貼圖會複製文字卡。",
        "Check the network and choose Download all images again, or set your own image folder in Settings; "
        "stickers without an image copy a text card.",
    )
    parts_zh.append(f"{summary.failed} 張失敗：{why}")
    parts_en.append(f"{summary.failed} failed: {why}")
    return (
        tr("部分圖片無法下載", "Some images could not be downloaded")
        if summary.downloaded or here
        else tr("圖片無法下載", "Images could not be downloaded"),
        tr("、".join(parts_zh), "; ".join(parts_en)) + "\n" + advice,
        True,
    )
