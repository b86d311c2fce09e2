"""Charts drawn with matplotlib (Agg, no display) in the Okabe–Ito colour-blind-safe palette."""

import gc
import io
import logging
import os
import textwrap
from collections.abc import Iterable
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from functools import cache, lru_cache

from fpdf.image_datastructures import RasterImageInfo
from fpdf.image_parsing import get_img_info
import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402  (the backend must be chosen before pyplot is imported)
import numpy as np  # noqa: E402
from matplotlib.axes import Axes  # noqa: E402
from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.font_manager import FontProperties  # noqa: E402
from matplotlib.ticker import FuncFormatter, MaxNLocator  # noqa: E402
from PIL import Image  # noqa: E402

from app.forked_processes import fork_context  # noqa: E402
from app.reports.building import formatting  # noqa: E402
from app.reports.building.document import Chart  # noqa: E402

log = logging.getLogger(__name__)

# Okabe & Ito (2008): distinguishable with every common colour-vision deficiency.
OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
# Diverging scales: disagree in vermillion/orange, neutral grey, agree in blues.
DIVERGING = {
    2: ["#D55E00", "#0072B2"],
    3: ["#D55E00", "#BBBBBB", "#0072B2"],
    4: ["#D55E00", "#E69F00", "#56B4E9", "#0072B2"],
    5: ["#D55E00", "#E69F00", "#BBBBBB", "#56B4E9", "#0072B2"],
    6: ["#D55E00", "#E69F00", "#F5C77E", "#A6D7F2", "#56B4E9", "#0072B2"],
    7: ["#D55E00", "#E69F00", "#F5C77E", "#BBBBBB", "#A6D7F2", "#56B4E9", "#0072B2"],
}
BAR_COLOUR = OKABE_ITO[0]
FONT = "DejaVu Sans"
WIDTH_IN = 7.0

plt.rcParams.update({"font.family": FONT, "font.size": 9, "svg.fonttype": "none",
                     "axes.spines.top": False, "axes.spines.right": False})


def _wrap(label: str, width: int = 38) -> str:
    return "\n".join(textwrap.wrap(label, width)) or label


def _height(rows: int, per_row: float = 0.42, base: float = 1.2) -> float:
    return min(9.0, base + per_row * max(rows, 1))


def _figure(height: float) -> tuple[Figure, Axes]:
    """A figure of the charts' width with one axes, at rcParams' DPI. Made without pyplot, which would keep
    it in its registry of open figures until closed (≈ 3 % of a chart's time, measured)."""
    fig = Figure(figsize=(WIDTH_IN, height))
    FigureCanvasAgg(fig)
    return fig, fig.add_subplot()


def _percent_axis(ax, language: str) -> None:
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: formatting.percent(abs(v), language).replace(",0", "")))


def _bars(chart: Chart, language: str) -> Figure:
    values = chart.series[0] if chart.series else []
    fig, ax = _figure(_height(len(values)))
    positions = list(range(len(values)))[::-1]
    ax.barh(positions, values, color=BAR_COLOUR, height=0.65)
    ax.set_yticks(positions, [_wrap(label) for label in chart.labels])
    top = max(values + [1.0])
    ax.set_xlim(0, min(100.0, top) * 1.14 if top > 0 else 1)
    for pos, value in zip(positions, values):
        ax.text(value + top * 0.01, pos, formatting.percent(value, language), va="center", fontsize=8)
    _percent_axis(ax, language)
    ax.set_xlabel(chart.x_label)
    return fig


def _stacked(chart: Chart, language: str, diverging: bool) -> Figure:
    count = len(chart.categories)
    colours = DIVERGING.get(count) if diverging else None
    colours = colours or [OKABE_ITO[i % len(OKABE_ITO)] for i in range(count)]
    rows = len(chart.labels)
    fig, ax = _figure(_height(rows, 0.5, 1.9))
    positions = list(range(rows))[::-1]
    lefts = []
    for shares in chart.series:
        half = count // 2
        left = -sum(shares[:half]) - (shares[half] / 2 if count % 2 else 0) if diverging else 0.0
        lefts.append([left + sum(shares[:index]) for index in range(count)])
    # One barh per category for all rows rather than one per segment (fewer containers to make); a row's
    # segments touch only their neighbours, drawn in the same order either way, so the pixels are the same.
    for index in range(count):
        ax.barh(positions, [shares[index] for shares in chart.series], left=[row[index] for row in lefts],
                color=colours[index], height=0.6, label=chart.categories[index])
    dark = ("#0072B2", "#D55E00", "#000000", "#009E73", "#CC79A7")
    for pos, shares, row in zip(positions, chart.series, lefts):
        for index, share in enumerate(shares):
            if share >= 7:
                ax.text(row[index] + share / 2, pos, formatting.number(share, language, 0), ha="center",
                        va="center", fontsize=7, color="white" if colours[index] in dark else "black")
    if diverging:
        ax.axvline(0, color="#333333", linewidth=0.8)
        ax.set_xlim(-100, 100)
    else:
        ax.set_xlim(0, 100)
    ax.set_yticks(positions, [_wrap(label) for label in chart.labels])
    _percent_axis(ax, language)
    ax.set_xlabel(chart.x_label)
    ax.legend(loc="upper center", bbox_to_anchor=(0.4, -0.16 if rows > 2 else -0.3), ncol=min(count, 3),
              fontsize=7, frameon=False)
    return fig


def _histogram(chart: Chart, language: str) -> Figure:
    fig, ax = _figure(3.0)
    if chart.values:
        xs = [v for v, _ in chart.values]
        weights = [c for _, c in chart.values]
        bins = min(30, max(5, len(set(xs))))
        ax.hist(xs, bins=bins, weights=weights, color=BAR_COLOUR, edgecolor="white")
        styles = ["-", "--", ":", "-."]
        for index, (name, value) in enumerate(chart.markers):
            ax.axvline(value, color=OKABE_ITO[(index + 1) % len(OKABE_ITO)], linestyle=styles[index % len(styles)],
                       linewidth=1.4, label=f"{name}: {formatting.number(value, language, 1)}")
        if chart.markers:
            # Headroom above the tallest bar for the legend, in a corner of its own (never over the bars);
            # its white box keeps a marker line that runs through the corner from crossing its text.
            ax.set_ylim(top=ax.get_ylim()[1] * (1.2 + 0.12 * len(chart.markers)))
            ax.legend(loc="upper right", fontsize=7, frameon=True, facecolor="white", edgecolor="none",
                      framealpha=1.0)
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: formatting.number(v, language, 1)))
    # The counts axis counts respondents: whole numbers, in the report's locale.
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: formatting.number(v, language, 0)))
    ax.set_xlabel(chart.x_label)
    ax.set_ylabel(chart.y_label)
    return fig


def _ranking(chart: Chart, language: str) -> Figure:
    values = chart.series[0] if chart.series else []
    fig, ax = _figure(_height(len(values)))
    positions = list(range(len(values)))[::-1]
    ax.barh(positions, values, color=OKABE_ITO[2], height=0.65)
    ax.set_yticks(positions, [_wrap(label) for label in chart.labels])
    for pos, value in zip(positions, values):
        ax.text(value + 0.03, pos, formatting.number(value, language, 2), va="center", fontsize=8)
    ax.set_xlim(0, max(values + [1.0]) * 1.2)
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: formatting.number(v, language, 1)))
    ax.set_xlabel(chart.x_label)
    return fig


@lru_cache(maxsize=4096)
def _text_size(text: str, size: float, dpi: float) -> tuple[float, float]:
    """Width and height in inches of a (possibly multi-line) text in the chart font, as matplotlib lays it out."""
    figure = _measuring_figure(dpi)
    label = figure.text(0, 0, text, fontsize=size)
    extent = label.get_window_extent(figure.canvas.get_renderer())
    label.remove()
    return extent.width / dpi, extent.height / dpi


@cache
def _descent(size: float, dpi: float) -> float:
    """How far below the baseline a line of the chart font reaches, in inches."""
    renderer = _measuring_figure(dpi).canvas.get_renderer()
    return renderer.get_text_width_height_descent("lp", FontProperties(family=FONT, size=size), ismath=False)[2] / dpi


@cache
def _measuring_figure(dpi: float) -> Figure:
    figure = Figure(dpi=dpi)
    FigureCanvasAgg(figure)
    return figure


def _fixed_layout(fig: Figure, ax, chart: Chart, dpi: float) -> None:
    """Margins as tight_layout would set them, from the sizes of the texts alone.

    tight_layout lays out every tick and label of the figure once more before the real drawing (≈ 10 % of
    a chart's CPU time, measured); these charts have one axes whose outer texts are known: the category labels
    (or the counts) on the left, one line of tick labels and the axis label below, a legend below in the
    stacked kinds. The margins keep matplotlib's pad of 1.08 × the font size on every side."""
    size = plt.rcParams["font.size"]
    pad = 1.08 * size / 72
    ticks = (plt.rcParams["xtick.major.size"] + plt.rcParams["xtick.major.pad"]) / 72
    label_pad = plt.rcParams["axes.labelpad"] / 72
    width, height = fig.get_size_inches()
    default_width = (plt.rcParams["figure.subplot.right"] - plt.rcParams["figure.subplot.left"]) * width
    default_height = (plt.rcParams["figure.subplot.top"] - plt.rcParams["figure.subplot.bottom"]) * height
    line = _text_size("0", size, dpi)[1]
    if chart.kind == "histogram":
        low, high = ax.get_ylim()
        locs = [v for v in ax.yaxis.get_majorticklocs() if low <= v <= high]
        formatter = ax.yaxis.get_major_formatter()
        labels = [formatter(v, i) for i, v in enumerate(locs)]
        left = ticks + max([_text_size(text, size, dpi)[0] for text in labels] or [0.0])
        if chart.y_label:
            left += label_pad + _text_size(chart.y_label, size, dpi)[1]
    else:
        locs = []
        left = ticks + max([_text_size(text.get_text(), size, dpi)[0] for text in ax.get_yticklabels()] or [0.0])
    bottom = pad + ticks + line
    if chart.x_label:
        bottom += label_pad + _text_size(chart.x_label, size, dpi)[1]
    top = pad
    if locs:
        # The highest count's label, centred on its tick (above the baseline), may stick out above the axes.
        below_top = (high - locs[-1]) / (high - low) * default_height
        top += max(0.0, (line - _descent(size, dpi)) / 2 - below_top)
    right = pad
    low, high = ax.get_xlim()
    locs = [v for v in ax.xaxis.get_majorticklocs() if low <= v <= high]
    if locs:
        # The last tick's label, centred on its tick, may stick out right of the axes.
        label = ax.xaxis.get_major_formatter()(locs[-1], len(locs) - 1)
        beyond = (high - locs[-1]) / (high - low) * default_width
        right += max(0.0, _text_size(label, size, dpi)[0] / 2 - beyond)
    if chart.kind in ("diverging", "stacked"):
        legend = ax.get_legend()
        if legend is not None:
            legend_height = (legend.get_window_extent(fig.canvas.get_renderer()).height / dpi
                             + legend.borderaxespad * legend.prop.get_size_in_points() / 72)
            anchor = -legend.get_bbox_to_anchor().transformed(ax.transAxes.inverted()).y0
            # The legend hangs `anchor` axes heights below the axes.
            bottom = max(bottom, pad + legend_height + anchor * default_height)
    fig.subplots_adjust(left=(pad + left) / width, right=1 - right / width, bottom=bottom / height,
                        top=1 - top / height)


def draw(chart: Chart, language: str, dpi: float = 100) -> Figure:
    """A matplotlib figure for the chart (not in pyplot's registry: nothing to close).

    Drawn at the resolution it will be saved at, so that the margins measure the text as it is drawn.
    """
    with plt.rc_context({"figure.dpi": dpi}):
        if chart.kind == "bars":
            fig = _bars(chart, language)
        elif chart.kind in ("diverging", "stacked"):
            fig = _stacked(chart, language, chart.kind == "diverging")
        elif chart.kind == "histogram":
            fig = _histogram(chart, language)
        else:
            fig = _ranking(chart, language)
    if chart.n_label:
        fig.text(0.99, 0.01, chart.n_label, ha="right", va="bottom", fontsize=8, color="#333333")
    _fixed_layout(fig, fig.axes[0], chart, dpi)
    return fig


def render(chart: Chart, language: str, fmt: str = "png", dpi: int = 150) -> bytes:
    """The chart as PNG or SVG bytes."""
    fig = draw(chart, language, dpi if fmt == "png" else 100)
    buffer = io.BytesIO()
    fig.savefig(buffer, format=fmt, dpi=dpi, metadata={"Title": chart.title} if fmt == "svg" else None)
    return buffer.getvalue()


PNG_DPI = 150


@dataclass(frozen=True)
class DrawnChart:
    """A chart drawn once, in the forms its files take: the PDF's image (fpdf2's raster image
    description, its pixels already deflated) and, for the chart archive, its PNG and SVG."""

    pdf_image: RasterImageInfo
    png: bytes | None = None
    svg: bytes | None = None


def _drawn(chart: Chart, language: str, dpi: int, for_archive: bool) -> DrawnChart:
    """The chart drawn and laid out once, then encoded for every file that shows it (in a worker process
    when drawn ahead, so that deflating the pixels is not left to the process laying out the PDF)."""
    fig = draw(chart, language, dpi)
    fig.canvas.draw()
    image = Image.fromarray(np.asarray(fig.canvas.buffer_rgba())).convert("RGB")
    png = svg = None
    if for_archive:
        buffer = io.BytesIO()
        image.save(buffer, format="PNG", dpi=(dpi, dpi))
        png = buffer.getvalue()
        buffer = io.BytesIO()
        fig.savefig(buffer, format="svg", metadata={"Title": chart.title})
        svg = buffer.getvalue()
    return DrawnChart(get_img_info("chart", image), png, svg)


DRAWING_PROCESSES = 2


def _forked_pool(workers: int) -> ProcessPoolExecutor | None:
    """Worker processes forked from this one, which start at once with matplotlib and its font caches loaded
    (a spawned or forkserver process takes ≈ 0.7 s CPU to import them, more than a report's charts gain), or
    None where forking is unsafe or gains nothing."""
    if workers < 2 or (os.cpu_count() or 1) < 2:
        return None
    context = fork_context()  # None where forking is unsafe (see there)
    return ProcessPoolExecutor(workers, context) if context is not None else None


class ChartImages:
    """Each chart of one report drawn once, for every file that shows it: the PDF's image and, when
    `for_archive`, the archive's PNG and SVG, from the same figure. Drawing and laying out a figure costs
    far more than saving it, so a report with a PDF and a chart archive lays each chart out once, not
    three times.

    `draw_ahead` draws the charts in worker processes while the caller goes on laying out its file; a chart
    not drawn ahead, or whose worker died, is drawn in this process when it is asked for."""

    def __init__(self, language: str, dpi: int = PNG_DPI, for_archive: bool = False):
        self.language, self.dpi, self.for_archive = language, dpi, for_archive
        self._made: dict[int, DrawnChart] = {}
        self._pending: dict[int, Future] = {}
        self._pool: ProcessPoolExecutor | None = None
        self.workers = 0  # the processes drawing ahead; 0 when every chart is drawn in this one

    def draw_ahead(self, charts: Iterable[Chart]) -> None:
        """Start drawing `charts`, in this order, in worker processes (see `_forked_pool`)."""
        todo = [chart for chart in charts if id(chart) not in self._made and id(chart) not in self._pending]
        if self._pool is not None or not todo:
            return
        self._pool = _forked_pool(min(DRAWING_PROCESSES, len(todo)))
        if self._pool is None:
            return
        self.workers = min(DRAWING_PROCESSES, len(todo))
        # The pool forks its processes at the first submit. Objects frozen out of the garbage collector's
        # generations then are never traversed by a collection in the workers, which would otherwise write
        # to (and so copy) every page of this process's heap that holds one (≈ 40 % fewer page faults).
        gc.freeze()
        try:
            for chart in todo:
                self._pending[id(chart)] = self._pool.submit(_drawn, chart, self.language, self.dpi,
                                                             self.for_archive)
        finally:
            gc.unfreeze()

    def close(self) -> None:
        """Stop the worker processes; the charts not collected yet will be drawn here if asked for."""
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
            self._pool = None
        self._pending.clear()
        self.workers = 0

    def _make(self, chart: Chart) -> DrawnChart:
        made = self._made.get(id(chart))
        if made is None:
            future = self._pending.pop(id(chart), None)
            if future is not None:
                try:
                    made = future.result()
                except BrokenProcessPool:
                    log.warning("A chart drawing process died; drawing the report's charts in this one")
                    self.close()
                if not self._pending:
                    self.close()
            if made is None:
                made = _drawn(chart, self.language, self.dpi, self.for_archive)
            self._made[id(chart)] = made
        return made

    def pdf_image(self, chart: Chart) -> RasterImageInfo:
        """The chart as the PDF's image at `dpi` (RGB on its opaque white background, deflated), in
        fpdf2's description of a raster image; its size in pixels is `["w"]` × `["h"]`."""
        return self._make(chart).pdf_image

    def png(self, chart: Chart) -> bytes:
        made = self._make(chart).png
        return made if made is not None else render(chart, self.language, "png", self.dpi)

    def svg(self, chart: Chart) -> bytes:
        made = self._make(chart).svg
        return made if made is not None else render(chart, self.language, "svg")
