"""The remodelling models (Komarova 2003; Ayati 2010) against analytic results and the
behaviour the papers report."""

from __future__ import annotations

import math

import numpy as np
import pytest

from course.models import remodelling as m


def test_fig2_steady_state_equals_the_analytic_formula():
    p = m.KOMAROVA_FIG2
    g = p.g12 * p.g21 - (1 - p.g11) * (1 - p.g22)
    assert g == pytest.approx(-1.0)
    x1 = (p.beta1 / p.alpha1) ** ((1 - p.g22) / g) * (p.beta2 / p.alpha2) ** (p.g21 / g)
    x2 = (p.beta1 / p.alpha1) ** (p.g12 / g) * (p.beta2 / p.alpha2) ** ((1 - p.g11) / g)
    assert m.steady_state(p) == pytest.approx((x1, x2), rel=1e-12)
    # worked by hand: 15 * sqrt(0.005) and 15 / sqrt(0.005)
    assert m.steady_state(p) == pytest.approx((1.0607, 212.13), rel=1e-4)


def test_steady_state_is_a_rest_point_of_the_equations():
    for g11 in (0.3, 0.5, 1.1, 1.3):
        p = m.KOMAROVA_FIG2.with_changes(g11=g11)
        x1, x2 = m.steady_state(p)
        assert p.alpha1 * x1**p.g11 * x2**p.g21 == pytest.approx(p.beta1 * x1, rel=1e-10)
        assert p.alpha2 * x1**p.g12 * x2**p.g22 == pytest.approx(p.beta2 * x2, rel=1e-10)
        sim = m.simulate(p, days=50, start=(x1, x2))
        assert np.allclose(sim.osteoclasts, x1, rtol=1e-5)
        assert np.allclose(sim.bone_mass, 100.0)


def test_ayati_steady_states_match_the_encoding():
    assert m.gamma(m.AYATI_NORMAL) == pytest.approx(-0.4)
    assert m.steady_state(m.AYATI_NORMAL) == pytest.approx((1.159, 231.7), rel=1e-3)
    assert m.steady_state(m.AYATI_NORMAL, m.AYATI_TUMOUR) == pytest.approx((4.99, 315.9), rel=1e-3)


def test_tumour_steady_state_uses_the_curators_corrections():
    p, r = m.AYATI_NORMAL, m.TumourParameters(r11=0.01, r12=0.3, r21=0.2, r22=0.1)
    e11, e12, e21, e22 = p.g11 * 1.01, p.g12 / 1.3, p.g21 * 1.2, p.g22 - 0.1
    c, b = m.steady_state(p, r)
    # the corrected eqs are the rest point of the equations at T = LT
    assert p.alpha1 * c**e11 * b**e21 == pytest.approx(p.beta1 * c, rel=1e-10)
    assert p.alpha2 * c**e12 * b**e22 == pytest.approx(p.beta2 * b, rel=1e-10)


def test_stability_changes_at_g11_1_1_with_the_fig2_values():
    assert m.critical_g11(m.KOMAROVA_FIG2) == pytest.approx(1.1)
    below = m.linear_stability(m.KOMAROVA_FIG2.with_changes(g11=1.05))
    at = m.linear_stability(m.KOMAROVA_FIG2.with_changes(g11=1.1))
    above = m.linear_stability(m.KOMAROVA_FIG2.with_changes(g11=1.15))
    assert (below.kind, at.kind, above.kind) == ("stable", "neutral", "unstable")
    assert below.trace < 0 < above.trace
    assert at.trace == pytest.approx(0.0, abs=1e-12)
    assert all(s.determinant > 0 and s.oscillates for s in (below, at, above))
    # at the switch the eigenvalues are purely imaginary: closed cycles in the linearisation
    assert abs(at.eigenvalues[0].real) < 1e-12 and abs(at.eigenvalues[0].imag) > 0


def test_trace_and_determinant_formulas():
    p = m.KOMAROVA_FIG2.with_changes(g11=0.7, g22=0.2, g12=0.8, g21=-0.3)
    s = m.linear_stability(p)
    assert s.trace == pytest.approx(p.beta1 * (p.g11 - 1) + p.beta2 * (p.g22 - 1))
    assert s.determinant == pytest.approx(
        p.beta1 * p.beta2 * ((p.g11 - 1) * (p.g22 - 1) - p.g12 * p.g21)
    )
    assert s.determinant == pytest.approx(-p.beta1 * p.beta2 * m.gamma(p))


def test_a_positive_gamma_is_a_saddle():
    p = m.KOMAROVA_FIG2.with_changes(g21=1.0)  # osteoblasts now stimulate osteoclasts
    assert m.gamma(p) > 0
    assert m.linear_stability(p).kind == "saddle"


def test_simulated_behaviour_agrees_with_the_linearisation():
    def osteoclast_peaks(g11: float) -> np.ndarray:
        p = m.KOMAROVA_FIG2.with_changes(g11=g11, k1=0.0748, k2=0.0006395)
        sim = m.start_remodelling_event(p, extra_osteoclasts=2, days=1000, sample_step=0.5)
        return sim.osteoclasts[m.cycle_peaks(sim.osteoclasts, sim.t)]

    assert len(osteoclast_peaks(0.5)) <= 1  # one cycle, then rest: no later peaks
    repeating = osteoclast_peaks(1.1)
    assert len(repeating) >= 3
    assert repeating[-1] / repeating[0] == pytest.approx(1.0, abs=0.2)  # neither grows nor fades
    growing = osteoclast_peaks(1.12)
    assert len(growing) >= 3 and np.all(np.diff(growing) > 0)


def test_event_resorbs_before_it_forms_and_bone_returns_near_100():
    sim = m.simulate()  # Fig. 2: 11 osteoclasts, 212 osteoblasts, bone 100%
    ev = m.summarise_event(sim)
    assert ev.resorption_start == 0.0
    # bone goes down first (resorption), then up (formation), and formation lasts longer
    assert ev.lowest_day < 30 and ev.lowest_bone_mass < 95
    assert ev.formation_days > 3 * ev.resorption_days
    peak_c = sim.t[np.argmax(sim.osteoclasts)]
    peak_b = sim.t[np.argmax(sim.osteoblasts)]
    assert peak_c < peak_b
    assert ev.final_bone_mass == pytest.approx(100.0, abs=0.5)


def test_start_remodelling_event_at_rest_does_nothing():
    sim = m.start_remodelling_event(extra_osteoclasts=0, days=200)
    assert np.allclose(sim.bone_mass, 100.0)
    assert m.summarise_event(sim).resorption_start is None


def test_bone_mass_integration_locates_switches():
    # a piecewise linear signal crossing zero mid-step: exact area
    values = np.array([-1.0, 1.0, 1.0, -1.0])
    area = m.positive_part_integral(values, 2.0)
    assert area[-1] == pytest.approx(0.5 + 2.0 + 0.5)
    fine = m.simulate(days=200, sample_step=0.01)
    coarse = m.simulate(days=200, sample_step=0.5)
    assert coarse.bone_mass[-1] == pytest.approx(fine.bone_mass[-1], abs=0.05)


def _peaks(sim, values):
    return values[m.cycle_peaks(values, sim.t)]


def test_tumour_run_loses_bone_cycle_by_cycle():
    normal = m.simulate(m.AYATI_NORMAL, days=1000, start=m.AYATI_TUMOUR_START[:2])
    tumour = m.tumour_run(days=1000)
    # normal bone: sustained cycles, bone roughly level
    normal_peaks = m.cycle_peaks(normal.osteoclasts, normal.t)
    assert len(normal_peaks) >= 3
    assert np.abs(np.diff(normal.bone_mass[normal_peaks])).max() < 2  # about level per cycle
    # tumour: bigger osteoclast peaks, smaller osteoblast peaks, bone falls
    assert _peaks(tumour, tumour.osteoclasts)[1:].max() > _peaks(normal, normal.osteoclasts).max()
    ob = _peaks(tumour, tumour.osteoblasts)
    assert np.all(np.diff(ob) < 0)
    assert ob[-1] < _peaks(normal, normal.osteoblasts).min()
    assert tumour.bone_mass[-1] < 50
    assert tumour.tumour[-1] > 95  # Gompertz growth towards its maximum


def test_treatment_from_day_600_slows_the_loss():
    untreated = m.tumour_run(days=1000)
    treated = m.tumour_run(days=1000, drug_start_day=600)
    before = treated.t < 600
    assert np.allclose(treated.bone_mass[before], untreated.bone_mass[before])
    assert treated.bone_mass[-1] > untreated.bone_mass[-1] + 15
    assert treated.tumour[-1] < 60 < untreated.tumour[-1]


def test_treat_from_day_matches_a_full_run():
    untreated = m.tumour_run(days=1000, sample_step=0.5)
    quick = m.treat_from_day(untreated, 600)
    full = m.tumour_run(days=1000, drug_start_day=600, sample_step=0.5)
    assert quick.t == pytest.approx(full.t)
    assert quick.bone_mass == pytest.approx(full.bone_mass, abs=1e-3)
    assert quick.drug.start_day == 600


@pytest.mark.parametrize("g11", [0.0, 0.5, 1.1, 1.2, 1.4])
@pytest.mark.parametrize("g21", [-1.0, -0.5, 0.5])
def test_cell_numbers_are_never_negative_or_infinite(g11, g21):
    p = m.KOMAROVA_FIG2.with_changes(g11=g11, g21=g21)
    if abs(m.gamma(p)) < 1e-12:  # no rest state: a clear message instead of a run
        with pytest.raises(ValueError, match="Gamma"):
            m.start_remodelling_event(p)
        return
    sim = m.start_remodelling_event(p, extra_osteoclasts=20, days=1500, sample_step=0.5)
    for values in (sim.osteoclasts, sim.osteoblasts, sim.bone_mass):
        assert np.all(np.isfinite(values))
    assert sim.osteoclasts.min() > 0 and sim.osteoblasts.min() > 0
    assert sim.osteoclasts.max() <= m.DEFAULT_MAX_CELLS


def test_runaway_growth_is_stopped_with_a_message():
    p = m.KOMAROVA_FIG2.with_changes(g11=1.4)
    sim = m.start_remodelling_event(p, days=3000, max_cells=1e4)
    assert sim.stopped_early
    assert sim.t[-1] < 3000
    assert "unstable" in sim.message and "stopped" in sim.message
    assert np.all(np.isfinite(sim.osteoclasts))


@pytest.mark.parametrize(
    ("changes", "words"),
    [
        ({"beta1": -0.2}, "beta1 must be greater than 0"),
        ({"alpha2": 0}, "alpha2 must be greater than 0"),
        ({"k1": -1}, "k1 cannot be negative"),
        ({"g11": math.nan}, "g11 must be a finite number"),
        ({"g12": math.inf}, "g12 must be a finite number"),
        ({"g21": "strong"}, "g21 must be a number"),
        ({"g11": 1.0, "g21": 0.0}, "Gamma"),
        ({"g11": 1.5}, "Gamma"),
    ],
)
def test_bad_parameters_get_a_clear_message(changes, words):
    p = m.KOMAROVA_FIG2.with_changes(**changes)
    with pytest.raises(ValueError, match=words):
        m.simulate(p)


def test_bad_run_settings_get_a_clear_message():
    with pytest.raises(ValueError, match="days must be between"):
        m.simulate(days=-5)
    with pytest.raises(ValueError, match="starting osteoclasts must be greater than 0"):
        m.simulate(start=(0, 212))
    with pytest.raises(ValueError, match="needs 3 values"):
        m.simulate(m.AYATI_NORMAL, tumour=m.AYATI_TUMOUR, start=(15, 316))
    with pytest.raises(ValueError, match="switch the tumour on"):
        m.simulate(drug=m.AYATI_DRUG)
    with pytest.raises(ValueError, match="v1 .* must be smaller"):
        m.simulate(
            m.AYATI_NORMAL,
            tumour=m.AYATI_TUMOUR,
            start=(15, 316, 1),
            drug=m.DrugParameters(v1=0.5),
        )
    with pytest.raises(ValueError, match="lt must be greater than 0"):
        m.simulate(m.AYATI_NORMAL, tumour=m.TumourParameters(lt=0), start=(15, 316, 1))
    with pytest.raises(ValueError, match="Unknown parameter"):
        m.KOMAROVA_FIG2.with_changes(g33=1)
    with pytest.raises(ValueError, match="extra_osteoclasts cannot be negative"):
        m.start_remodelling_event(extra_osteoclasts=-1)
    untreated = m.tumour_run(days=200)
    with pytest.raises(ValueError, match="start day must be between"):
        m.treat_from_day(untreated, 500)


def _reference_run(params, days, start, tumour=None, drug_day=None, reference=None):
    """The model solved the way FACTS.md describes, independently of the module: plain
    coordinates with bone mass as a state, cells clamped above 0, max step 0.05 days."""
    from scipy.integrate import solve_ivp

    p = params
    c_bar, b_bar = reference

    def rhs(t, y):
        c, b = max(y[0], 1e-12), max(y[1], 1e-12)
        v1 = v2 = 0.0
        if drug_day is not None and t >= drug_day:
            v1, v2 = m.AYATI_DRUG.v1, m.AYATI_DRUG.v2
        e11, e21, e12, e22 = p.g11, p.g21, p.g12, p.g22
        dt = 0.0
        if tumour is not None:
            s = y[3] / tumour.lt
            e11, e21 = p.g11 * (1 + tumour.r11 * s), p.g21 * (1 + tumour.r21 * s)
            e12, e22 = p.g12 / (1 + tumour.r12 * s), p.g22 - tumour.r22 * s
            dt = (tumour.gamma_t - v2) * y[3] * math.log(tumour.lt / y[3])
        dc = p.alpha1 * c**e11 * b**e21 - p.beta1 * c
        db = p.alpha2 * c**e12 * b**e22 - (p.beta2 - v1) * b
        dz = -p.k1 * max(c - c_bar, 0.0) + p.k2 * max(b - b_bar, 0.0)
        return [dc, db, dz] + ([dt] if tumour is not None else [])

    y0 = [start[0], start[1], 100.0] + ([start[2]] if tumour is not None else [])
    grid = np.arange(0, days + 1e-9, 1.0)
    sol = solve_ivp(rhs, (0, days), y0, max_step=0.05, rtol=1e-8, atol=1e-10, t_eval=grid)
    return sol.y


def test_fig2_run_matches_a_small_step_reference_solution():
    ref = _reference_run(
        m.KOMAROVA_FIG2, 300, m.KOMAROVA_FIG2_START, reference=m.steady_state(m.KOMAROVA_FIG2)
    )
    sim = m.simulate(days=300, sample_step=0.05)
    daily = slice(None, None, 20)
    assert sim.osteoclasts[daily] == pytest.approx(ref[0], rel=1e-4, abs=1e-6)
    assert sim.osteoblasts[daily] == pytest.approx(ref[1], rel=1e-4)
    assert sim.bone_mass[daily] == pytest.approx(ref[2], abs=0.005)


@pytest.mark.slow
def test_treated_tumour_run_matches_a_small_step_reference_solution():
    reference = m.steady_state(m.AYATI_NORMAL, m.AYATI_TUMOUR)
    ref = _reference_run(
        m.AYATI_NORMAL,
        1000,
        m.AYATI_TUMOUR_START,
        tumour=m.AYATI_TUMOUR,
        drug_day=600,
        reference=reference,
    )
    sim = m.tumour_run(days=1000, drug_start_day=600, sample_step=0.05)
    daily = slice(None, None, 20)
    assert sim.tumour[daily] == pytest.approx(ref[3], rel=1e-5)
    assert sim.bone_mass[daily] == pytest.approx(ref[2], abs=0.02)
    assert sim.osteoblasts[daily] == pytest.approx(ref[1], rel=1e-3, abs=1e-3)
