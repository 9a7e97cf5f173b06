"""Evaluation results: a metric with its bootstrap interval, one method's metrics on one task."""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class MetricEstimate:
    """A metric's observed value and its bootstrap confidence interval (95% unless stated)."""

    mean: float
    ci_low: float
    ci_high: float


@dataclass(frozen=True)
class MethodEvaluation:
    """One method's metrics on one task.

    Attributes:
        method: The method name as given (encoder name, model folder or ``hybrid``).
        metrics: Metric name → estimate, in a stable order.
        model_ids: What exactly scored (model ids of the encoders behind the method).
        seconds: Wall time of scoring and evaluating.
        notes: Facts a reader needs (skipped queries, metrics left out and why).
    """

    method: str
    metrics: dict[str, MetricEstimate]
    model_ids: dict[str, str] = field(default_factory=dict)
    seconds: float = 0.0
    notes: tuple[str, ...] = ()
