"""The bounded store of recently used values behind kept pages and kept invitation links."""

from app.recently_used import RecentlyUsed


def test_the_least_recently_used_value_goes_first_past_the_count():
    store = RecentlyUsed(2)
    store.put("a", 1)
    store.put("b", 2)
    assert store.get("a") == 1  # "b" is now the least recently used
    store.put("c", 3)
    assert (store.get("a"), store.get("b"), store.get("c")) == (1, None, 3)


def test_values_go_past_the_size_and_a_replaced_value_counts_only_once():
    store = RecentlyUsed(10, max_size=5, size_of=len)
    store.put("a", "xx")
    store.put("a", "xxx")
    store.put("b", "yy")
    assert store.size == 5 and store.get("a") == "xxx"
    store.put("c", "z")
    assert store.get("b") is None and store.get("a") == "xxx" and store.get("c") == "z" and store.size == 4
