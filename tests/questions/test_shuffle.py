"""Option orders: stable per learner and item, varied between learners, uniform over seeds."""

from collections import Counter

from course.questions.shuffle import learner_seed, option_order


def test_same_seed_and_item_give_the_same_order():
    keys = ["a", "b", "c", "d"]
    assert option_order("m01-x", keys, "ana") == option_order("m01-x", keys, "ana")


def test_order_is_a_permutation_of_the_keys():
    keys = ["a", "b", "c", "d", "e"]
    for seed in range(50):
        assert sorted(option_order("m01-x", keys, seed)) == keys


def test_none_keeps_the_bank_order():
    assert option_order("m01-x", ["c", "a", "b"], None) == ["c", "a", "b"]


def test_learners_see_different_orders():
    keys = ["a", "b", "c", "d"]
    orders = {tuple(option_order("m01-x", keys, f"learner{n}")) for n in range(40)}
    assert len(orders) > 10


def test_each_key_lands_in_each_position_about_equally_often():
    keys = ["a", "b", "c"]
    first = Counter(option_order("m02-y", keys, f"s{n}")[0] for n in range(3000))
    for key in keys:
        assert 850 < first[key] < 1150, first


def test_learner_seed_prefers_the_environment(monkeypatch):
    monkeypatch.setenv("BONECOURSE_LEARNER", "trainer-set")
    assert learner_seed() == "trainer-set"


def test_learner_seed_is_kept_beside_the_progress_store(monkeypatch, tmp_path):
    monkeypatch.delenv("BONECOURSE_LEARNER", raising=False)
    monkeypatch.delenv("JUPYTERHUB_USER", raising=False)
    monkeypatch.setenv("BONECOURSE_PROGRESS", str(tmp_path / "p" / "progress.sqlite"))
    first = learner_seed()
    assert first == learner_seed()
    assert (tmp_path / "p" / "learner-seed").read_text().strip() == first
