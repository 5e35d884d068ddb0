"""The tray app's Qt side: tray, picker, inference thread, hotkey bridge, clipboard, IPC."""
