"""One line of a screen's keys, drawn as text: a light stand-in for Textual's Footer.

The Footer mounts a widget per key, and styling them cost ~0.2 s of CPU each time the
duplicate review opened (on a loaded 2-core machine), half of what opening it may take.
This draws the same keys (those a binding shows, as remapped in keys.yaml) on one line,
and cuts the line at a key, never inside one."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static


class KeyLine(Static):
    DEFAULT_CSS = "KeyLine { dock: bottom; height: 1; background: $panel; padding: 0 1; }"

    def on_mount(self) -> None:
        self.call_after_refresh(self.show_keys)

    def on_resize(self) -> None:
        self.show_keys()

    def show_keys(self) -> None:
        screen = self.screen
        shown: dict[str, tuple[str, bool]] = {}  # description -> (key, is help), bindings' order
        for key, active in screen.active_bindings.items():
            binding = active.binding
            if binding.show and active.node is screen and binding.description not in shown:
                # The first key of a binding only ("space", not "space/s"): room for more.
                shown[binding.description] = (self.app.get_key_display(binding) or key, binding.action.endswith("help"))
        items = [self._item(key, description) for description, (key, _) in shown.items()]
        helps = [self._item(key, description) for description, (key, is_help) in shown.items() if is_help]
        width = max(self.size.width - 2, 0)
        line = Text(no_wrap=True, overflow="crop")
        room = width - sum(h.cell_len for h in helps)  # the help key always shows: it lists the rest
        for item, (_, is_help) in zip(items, shown.values(), strict=True):
            if is_help:
                continue
            if width and line.cell_len + item.cell_len > room + 2:
                break  # the next key does not fit whole
            line.append_text(item)
        for item in helps:
            line.append_text(item)
        self.update(line)

    @staticmethod
    def _item(key: str, description: str) -> Text:
        item = Text()
        item.append(key, style="bold")
        item.append(f" {description}  ")
        return item
