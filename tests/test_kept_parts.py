"""Files made of keyed parts: kept parts are copied from the previous file, the rest made again."""

from __future__ import annotations

import os

from newsgen.kept_parts import FileParts, KeptParts, file_identity, load_kept, save_kept, usable_parts, write_parts


def parts_of(texts: dict[bytes, bytes], made: list[bytes]):
    """Parts in the dict's order; each records its key in `made` when its bytes are made."""
    def maker(key: bytes, data: bytes):
        return lambda: made.append(key) or data
    return [(key, maker(key, data)) for key, data in texts.items()]


def test_only_new_parts_are_made_and_the_bytes_are_the_same_as_made_from_scratch(tmp_path):
    first = {b"a": b"alpha\n", b"b": b"beta\n", b"c": b"gamma\n", b"d": b"delta\n"}
    made: list[bytes] = []
    old = write_parts(tmp_path / "one", parts_of(first, made), None, None)
    assert made == [b"a", b"b", b"c", b"d"] and (tmp_path / "one").read_bytes() == b"".join(first.values())
    assert old.parts[b"c"] == (11, 6) and old.identity == file_identity(tmp_path / "one")
    # b changed, a new part e, d removed, c moved before a
    second = {b"c": b"gamma\n", b"a": b"alpha\n", b"B": b"beta, edited\n", b"e": b"epsilon\n"}
    made.clear()
    new = write_parts(tmp_path / "two", parts_of(second, made), old, tmp_path / "one")
    assert made == [b"B", b"e"]
    assert (tmp_path / "two").read_bytes() == b"".join(second.values())
    assert new.parts[b"B"] == (12, 13) and set(new.parts) == set(second)


def test_a_file_with_every_part_as_before_is_the_previous_file(tmp_path):
    texts = {b"a": b"alpha\n", b"b": b"beta\n"}
    old = write_parts(tmp_path / "one", parts_of(texts, []), None, None)
    made: list[bytes] = []
    new = write_parts(tmp_path / "two", parts_of(texts, made), old, tmp_path / "one")
    assert made == [] and (tmp_path / "two").stat().st_ino == (tmp_path / "one").stat().st_ino
    assert new == old
    # one part fewer: not the same file, even though every part is kept
    fewer = write_parts(tmp_path / "three", parts_of({b"a": b"alpha\n"}, made), old, tmp_path / "one")
    assert (tmp_path / "three").read_bytes() == b"alpha\n" and fewer.identity[0] != old.identity[0]


def test_a_previous_file_changed_behind_the_builds_back_is_not_copied(tmp_path):
    texts = {b"a": b"alpha\n", b"b": b"beta\n"}
    old = write_parts(tmp_path / "one", parts_of(texts, []), None, None)
    kept = KeptParts(("v1",), {"one": old})
    assert usable_parts(kept, "one", tmp_path / "one") is old
    assert usable_parts(kept, "other", tmp_path / "one") is None
    assert usable_parts(None, "one", tmp_path / "one") is None
    (tmp_path / "one").write_bytes(b"alpha\n")  # shorter: a new size, so a new identity
    assert usable_parts(kept, "one", tmp_path / "one") is None
    # and even when trusted, a previous file too short for its description is not copied from
    made: list[bytes] = []
    new = write_parts(tmp_path / "two", parts_of({b"b": b"beta\n", b"c": b"c\n"}, made), old, tmp_path / "one")
    assert (tmp_path / "two").read_bytes() == b"beta\nc\n" and made[-2:] == [b"b", b"c"]  # all made again
    assert new.parts == {b"b": (0, 5), b"c": (5, 2)}


def test_kept_parts_are_read_back_only_with_the_same_settings(tmp_path):
    kept = KeptParts(("v1", 1), {"x": FileParts((1, 2, 3), {b"k": (0, 4)})})
    save_kept(tmp_path / "cache" / "kept.pickle", kept)
    assert load_kept(tmp_path / "cache" / "kept.pickle", ("v1", 1)) == kept
    assert load_kept(tmp_path / "cache" / "kept.pickle", ("v1", 2)) is None
    assert load_kept(tmp_path / "cache" / "missing.pickle", ("v1", 1)) is None
    (tmp_path / "cache" / "kept.pickle").write_bytes(b"not a pickle")
    assert load_kept(tmp_path / "cache" / "kept.pickle", ("v1", 1)) is None
    assert not [p for p in os.listdir(tmp_path / "cache") if p.endswith(".tmp")]


def test_parts_are_copied_through_user_space_where_the_kernel_cannot(tmp_path, monkeypatch):
    texts = {b"a": b"alpha\n" * 1000, b"b": b"beta\n"}
    old = write_parts(tmp_path / "one", parts_of(texts, []), None, None)
    def refuse(*args):
        raise OSError(18, "Invalid cross-device link")
    monkeypatch.setattr(os, "copy_file_range", refuse)
    made: list[bytes] = []
    write_parts(tmp_path / "two", parts_of({b"b": b"beta\n", b"a": b"alpha\n" * 1000}, made), old, tmp_path / "one")
    assert made == [] and (tmp_path / "two").read_bytes() == b"beta\n" + b"alpha\n" * 1000
