"""Charts of the figures: value axes with round ticks, a point per day, gaps where a day has no data, table rows."""

from bot.support import charts

DAYS = [("2026-03-01", 2), ("2026-03-02", None), ("2026-03-03", 0), ("2026-03-04", 7), ("2026-03-05", None)]


def test_a_day_chart_has_a_point_per_day_with_data_and_a_gap_for_the_rest():
    chart = charts.day_chart("Questions", DAYS)
    assert [p.label for p in chart.points] == ["2026-03-01", "2026-03-03", "2026-03-04"]
    assert [p.text for p in chart.points] == ["2", "0", "7"]
    assert len(chart.lines) == 2  # the missing day breaks the line; a zero does not
    assert len(chart.lines[0].split()) == 1 and len(chart.lines[1].split()) == 2
    assert [r.text for r in chart.rows] == ["2", "no data", "0", "7", "no data"]
    assert "highest 7 on 2026-03-04" in chart.summary and "2 days with no data" in chart.summary


def test_the_value_axis_has_round_values_from_zero_past_the_highest():
    chart = charts.day_chart("Questions", DAYS)
    assert [t.text for t in chart.y_ticks] == ["0", "2", "4", "6", "8"]
    left, top, right, bottom = chart.plot
    assert chart.y_ticks[0].at == bottom and chart.y_ticks[-1].at == top
    zero = next(p for p in chart.points if p.text == "0")
    assert zero.y == bottom  # zero is drawn on the axis, not left out
    assert chart.points[0].x == left and chart.x_ticks[0].text == "1 Mar"


def test_shares_read_as_percentages_and_zero_is_not_missing():
    chart = charts.day_chart("Helpful", [("2026-03-01", 0.0), ("2026-03-02", None), ("2026-03-03", 1.0)], percent=True)
    assert [t.text for t in chart.y_ticks] == ["0%", "25%", "50%", "75%", "100%"]
    assert [p.text for p in chart.points] == ["0%", "100%"]
    assert chart.rows[1].text == "no data"


def test_thirty_days_get_a_readable_number_of_day_labels():
    days = [(f"2026-04-{d:02d}", d) for d in range(1, 31)]
    chart = charts.day_chart("Questions", days)
    assert len(chart.points) == 30 and 4 <= len(chart.x_ticks) <= charts.MAX_DAY_LABELS
    xs = [p.x for p in chart.points]
    assert xs == sorted(xs) and xs[-1] - xs[0] > 500  # the days spread over the plot's width


def test_nice_tops():
    assert [charts.nice_top(p) for p in (0, 1, 3, 7, 12, 98, 101)] == [
        (1, 1),
        (1, 1),
        (3, 1),
        (8, 2),
        (15, 5),
        (100, 20),
        (150, 50),
    ]


def test_a_ranking_scales_its_bars_to_the_highest_count():
    chart = charts.rank_chart("Entries", [("a", 8), ("b", 2)])
    assert chart.bars[1].width * 4 == chart.bars[0].width and chart.bars[0].text == "8"
    assert chart.bars[1].y > chart.bars[0].y and [r.label for r in chart.rows] == ["a", "b"]
    assert charts.rank_chart("Entries", []).summary == "nothing in this range"
