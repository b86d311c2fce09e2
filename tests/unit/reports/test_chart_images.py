"""Charts drawn ahead in forked worker processes: the same pixels as drawn in-process, and the fallbacks."""

import pickle
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

from app.reports.building import charts
from app.reports.building.document import Chart

ROOT = Path(__file__).resolve().parents[3]

CHARTS = [
    Chart("bars", "Kotikunta", ["Rääkkylä", "Kitee", "Tohmajärvi"], [[50.0, 30.0, 20.0]], x_label="Osuus",
          n_label="N = 10"),
    Chart("diverging", "Väittämät", ["Kunta tukee", "Alue tukee"], [[10, 20, 30, 25, 15], [5, 5, 50, 20, 20]],
          categories=["1", "2", "3", "4", "5"], n_label="N = 12"),
    Chart("histogram", "Jäsenmäärä", [], values=[(v, c) for v, c in zip(range(0, 2000, 100), range(1, 21))],
          markers=[("Keskiarvo", 950.0)], x_label="Jäseniä", y_label="Vastaajia"),
    Chart("ranking", "Tärkeimmät", ["Tilat", "Rahoitus"], [[1.4, 2.1]], x_label="Keskimääräinen sija"),
]


def _run_alone(code: str) -> str:
    """`code` in a fresh Python process with one thread, as the RQ work-horse that builds a report (this
    test process may run threads, in which no chart is drawn ahead)."""
    code = "import pickle, sys\nCHARTS = pickle.load(sys.stdin.buffer)\n" + textwrap.dedent(code)
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, input=pickle.dumps(CHARTS),
                            capture_output=True, timeout=300)
    assert result.returncode == 0, result.stderr.decode()
    return result.stdout.decode()


def test_charts_drawn_ahead_in_worker_processes_have_the_pixels_and_svg_of_charts_drawn_here():
    out = _run_alone("""
        from app.reports.building.charts import ChartImages

        ahead, here = ChartImages("sv", 130, for_archive=True), ChartImages("sv", 130, for_archive=True)
        ahead.draw_ahead(CHARTS)
        print("workers", ahead.workers)
        for chart in CHARTS:
            # The PDF's image (its pixels deflated) and the archive's PNG (an SVG carries the time it was made).
            same = ahead.pdf_image(chart) == here.pdf_image(chart) and ahead.png(chart) == here.png(chart)
            print(chart.kind, "pixels", "same" if same else "differ", "svg", len(ahead.svg(chart)) > 0)
        print("workers after", ahead.workers)
    """)
    assert out.splitlines() == ["workers 2", "bars pixels same svg True", "diverging pixels same svg True",
                                "histogram pixels same svg True", "ranking pixels same svg True", "workers after 0"]


def test_a_chart_whose_drawing_process_dies_is_drawn_here():
    out = _run_alone("""
        import os
        from app.reports.building import charts

        parent, draw = os.getpid(), charts._drawn

        def dying(*args):
            if os.getpid() != parent:
                os._exit(9)  # as a worker killed for its memory would
            return draw(*args)

        charts._drawn = dying
        ahead = charts.ChartImages("fi", 130)
        ahead.draw_ahead(CHARTS)
        print("workers", ahead.workers)
        images = [ahead.pdf_image(chart) for chart in CHARTS]
        charts._drawn = draw
        here = charts.ChartImages("fi", 130)
        print("same", all(image == here.pdf_image(chart) for image, chart in zip(images, CHARTS)))
    """)
    assert out.splitlines() == ["workers 2", "same True"]


def test_charts_are_drawn_in_this_process_while_another_thread_runs():
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        images = charts.ChartImages("en", 130)
        images.draw_ahead(CHARTS)
        assert images.workers == 0
        drawn = [images.pdf_image(chart) for chart in CHARTS]
    finally:
        stop.set()
        other.join()
    fresh = charts.ChartImages("en", 130)
    assert drawn == [fresh.pdf_image(chart) for chart in CHARTS]
