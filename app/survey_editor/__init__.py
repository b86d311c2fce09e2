"""The survey editor: staff write the engine's definition in the browser, one checked change at a time."""
