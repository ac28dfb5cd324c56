"""Server-rendered SVG bar charts for the admin reports: axes with round-number ticks, dated
bars, a value in each bar's tooltip and a caption; the template pairs each chart with a table.

Values stay Decimal (money) or int (counts); only pixel positions are floats."""

from dataclasses import dataclass, field
from decimal import Decimal

# Room around the plot for the y-axis labels (left) and the dates (bottom).
LEFT, RIGHT, TOP, BOTTOM = 72, 8, 12, 28
STEPS = (Decimal(1), Decimal(2), Decimal("2.5"), Decimal(5), Decimal(10))


def nice_step(top: Decimal | int, ticks: int = 4, *, whole: bool = False) -> Decimal:
    """The smallest 1/2/2.5/5 × 10ⁿ step that covers `top` in `ticks` steps (whole numbers for
    counts)."""
    top = Decimal(top)
    if top <= 0:
        return Decimal(1)
    raw = top / ticks
    magnitude = Decimal(1).scaleb(raw.adjusted())
    step = next(m * magnitude for m in STEPS if m * magnitude >= raw)
    if whole:
        step = max(Decimal(1), step.to_integral_value(rounding="ROUND_CEILING"))
    return step.normalize()


@dataclass
class Tick:
    position: float
    label: str


@dataclass
class Bar:
    x: float
    y: float
    width: float
    height: float
    tooltip: str


@dataclass
class BarChart:
    title: str
    width: int
    height: int
    bars: list = field(default_factory=list)
    y_ticks: list = field(default_factory=list)
    x_ticks: list = field(default_factory=list)
    summary: str = ""

    @property
    def plot_left(self):
        return LEFT

    @property
    def plot_bottom(self):
        return self.height - BOTTOM

    @property
    def plot_right(self):
        return self.width - RIGHT

    @property
    def x_label_y(self):
        return self.height - BOTTOM + 18


def bar_chart(days, key, *, title, format_value=str, width=640, height=200, max_date_labels=7):
    """A bar per day of `day[key]`; `format_value` writes values (money with its currency)."""
    chart = BarChart(title=title, width=width, height=height)
    values = [day[key] for day in days]
    if not values:
        return chart
    whole = all(isinstance(value, int) for value in values)
    step = nice_step(max(values), whole=whole)
    top = step * 4 if max(values) > 0 else step
    plot_width, plot_height = width - LEFT - RIGHT, height - TOP - BOTTOM
    slot = plot_width / len(values)

    def y_of(value):
        return round(TOP + plot_height * (1 - float(Decimal(value) / top)), 1)

    chart.y_ticks = [
        Tick(y_of(step * n), format_value(int(step * n) if whole else step * n)) for n in range(5)
    ]
    for index, (day, value) in enumerate(zip(days, values, strict=True)):
        y = y_of(value)
        chart.bars.append(
            Bar(
                x=round(LEFT + index * slot + slot * 0.1, 1),
                y=y,
                width=round(max(slot * 0.8, 1), 1),
                height=round(TOP + plot_height - y, 1),
                tooltip=f"{day['day']:%-d %b %Y}: {format_value(value)}",
            )
        )
    every = -(-len(days) // max_date_labels)  # ceiling division: at most max_date_labels dates
    chart.x_ticks = [
        Tick(round(LEFT + index * slot + slot / 2, 1), f"{day['day']:%-d %b}")
        for index, day in enumerate(days)
        if index % every == 0
    ]
    highest = max(range(len(values)), key=values.__getitem__)
    chart.summary = (
        f"{title} from {days[0]['day']:%-d %b %Y} to {days[-1]['day']:%-d %b %Y}; "
        f"highest {format_value(values[highest])} on {days[highest]['day']:%-d %b %Y}."
    )
    return chart
