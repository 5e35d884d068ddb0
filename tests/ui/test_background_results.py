"""Every background job ends with a result or an error delivered to the main thread."""

from __future__ import annotations

from pathlib import Path

from mygo_desktop.core.catalog import default_catalog
from mygo_desktop.core.errors import ModelError
from mygo_desktop.core.images import ImageStore
from mygo_desktop.ui.image_service import ImageService
from mygo_desktop.ui.worker import InferenceService

STICKER = default_catalog().stickers[0]


class DiskFaultStore(ImageStore):
    """Every look-up fails the way a full or read-only cache disk does."""

    def resolve(self, sticker, *, download=True):
        raise OSError(28, "No space left on device")

    def thumbnail(self, sticker, *, download=True):
        raise OSError(28, "No space left on device")


def test_an_image_job_hitting_a_disk_fault_still_answers(qtbot, tmp_path: Path):
    service = ImageService(DiskFaultStore(cache_dir=tmp_path / "cache", user_folder=None))
    try:
        with qtbot.waitSignal(service.image_ready, timeout=5_000) as image:
            service.request_image(STICKER)
        assert image.args[0] == STICKER.id and image.args[1] == ""
        assert "No space left" in image.args[2]
        with qtbot.waitSignal(service.thumbnail_ready, timeout=5_000) as thumb:
            service.request_thumbnail(STICKER)
        assert thumb.args == [STICKER.id, "", ""]
    finally:
        service.shutdown()


def test_download_all_reports_every_sticker_even_when_jobs_raise(qtbot, tmp_path: Path):
    service = ImageService(DiskFaultStore(cache_dir=tmp_path / "cache", user_folder=None))
    stickers = default_catalog().stickers[:5]
    try:
        with qtbot.waitSignal(
            service.download_progress, timeout=5_000, check_params_cb=lambda done, failed, total: done + failed == total
        ) as progress:
            service.download_all(list(stickers))
        assert progress.args == [0, 5, 5]
    finally:
        service.shutdown()


class _Model:
    def recommend(self, text, k=5):
        return []


def test_requests_after_a_failed_reload_fail_at_once(qtbot):
    loads = []

    def factory(model_dir):
        loads.append(model_dir)
        if model_dir:
            raise ModelError(f"{model_dir}: broken")
        return _Model()

    service = InferenceService(factory)
    try:
        with qtbot.waitSignal(service.ready, timeout=5_000):
            service.load("")
        with qtbot.waitSignal(service.load_failed, timeout=5_000):
            service.load("/broken/model")
        with qtbot.waitSignal(service.rank_failed, timeout=5_000) as failed:
            request_id = service.request("你好")
        assert failed.args == [request_id, "/broken/model: broken"]
        assert not service.is_ready
    finally:
        service.shutdown()


def test_jobs_still_running_at_shutdown_never_touch_the_service(qtbot, tmp_path):
    """Preloading 157 thumbnails is still running when the app quits: no answer may reach the
    closed service (that crashed the process at exit)."""
    import threading as _threading

    from mygo_desktop.core.catalog import default_catalog
    from mygo_desktop.core.images import ImageStore
    from mygo_desktop.ui.image_service import ImageService

    release = _threading.Event()

    class SlowStore(ImageStore):
        def thumbnail_of(self, sticker, result):
            release.wait(5)
            return None

    service = ImageService(SlowStore(cache_dir=tmp_path / "cache"))
    answers = []
    service.thumbnail_ready.connect(lambda *args: answers.append(args))
    for sticker in default_catalog().stickers[:8]:
        service.request_thumbnail(sticker, download=False)
    service.shutdown()
    release.set()
    qtbot.wait(200)
    assert answers == []


def test_requests_after_shutdown_are_ignored(qtbot, tmp_path):
    """A ranking still queued when the app quits asks for thumbnails: no error, no answer."""
    from mygo_desktop.core.catalog import default_catalog
    from mygo_desktop.core.images import ImageStore
    from mygo_desktop.ui.image_service import ImageService

    service = ImageService(ImageStore(cache_dir=tmp_path / "cache"))
    answers = []
    service.thumbnail_ready.connect(lambda *args: answers.append(args))
    service.image_ready.connect(lambda *args: answers.append(args))
    service.shutdown()
    sticker = default_catalog().stickers[0]
    service.request_thumbnail(sticker)
    service.request_image(sticker)
    qtbot.wait(100)
    assert answers == []
