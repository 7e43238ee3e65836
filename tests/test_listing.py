"""Listing the files of a folder: the same files, in the same order, as pathlib's glob (its reference)."""

import os
from pathlib import Path, PurePosixPath

from hypothesis import HealthCheck, given, settings, strategies as st

from workbench.listing import list_files, split_suffix


def glob_reference(root: Path, recursive: bool) -> list[str]:
    """What ``iter_inputs`` listed before: glob, files and symbolic links, sorted as paths."""
    pattern = "**/*" if recursive else "*"
    return [str(p) for p in sorted(p for p in root.glob(pattern) if p.is_file() or p.is_symlink())]


NAMES = st.sampled_from(["a", "b", "a.txt", "a-b.txt", "a.b.txt", ".hidden", ".ipynb_checkpoints", "notes.",
                         "خبر.txt", "خبر", "B.TXT", "z 1.html", "a.txt.bak", "x.csv", "-", "_"])


@st.composite
def trees(draw):
    """Folders, files, and symbolic links to files, to folders and to nothing, a few levels deep."""
    entries = draw(st.lists(st.tuples(st.lists(NAMES, min_size=1, max_size=3),
                                      st.sampled_from(["file", "folder", "link-file", "link-folder", "broken"])),
                            max_size=14))
    return entries


def build(root: Path, entries) -> None:
    for parts, kind in entries:
        path = root.joinpath(*parts)
        if any(p.exists() and not p.is_dir() or p.is_symlink() for p in path.parents if root in p.parents):
            continue  # a file or link already stands where a folder would go
        if path.exists() or path.is_symlink():
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        if kind == "file":
            path.write_text("x", encoding="utf-8")
        elif kind == "folder":
            path.mkdir()
        elif kind == "link-file":
            target = root / "target.txt"
            target.write_text("t", encoding="utf-8")
            path.symlink_to(target)
        elif kind == "link-folder":
            (root / "target-folder").mkdir(exist_ok=True)
            (root / "target-folder" / "inside.txt").write_text("i", encoding="utf-8")
            path.symlink_to(root / "target-folder", target_is_directory=True)
        else:
            path.symlink_to(root / "nowhere")


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(entries=trees(), recursive=st.booleans())
def test_the_same_files_in_the_same_order_as_glob(tmp_path_factory, entries, recursive):
    root = tmp_path_factory.mktemp("tree")
    build(root, entries)
    listed = list_files(root, recursive)
    assert [path for _, path in listed] == glob_reference(root, recursive)
    assert all(Path(path).relative_to(root).parts == parts for parts, path in listed)


def test_a_relative_root_and_the_current_folder_give_the_paths_glob_gives(tmp_path, monkeypatch):
    (tmp_path / "sub" / "deeper").mkdir(parents=True)
    for name in ("a.txt", "sub/b.txt", "sub/deeper/c.txt", "sub-d.txt", "sub.txt"):
        (tmp_path / name).write_text("x", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    for root in (Path("."), Path("sub"), Path("./sub/"), tmp_path, Path(str(tmp_path) + "/")):
        assert [path for _, path in list_files(root)] == glob_reference(root, True)
    # paths sort by their parts: sub/ before sub-d.txt and sub.txt, though "-" and "." sort before "/"
    assert [parts for parts, _ in list_files(Path("."))] == [
        ("a.txt",), ("sub", "b.txt"), ("sub", "deeper", "c.txt"), ("sub-d.txt",), ("sub.txt",)]


def test_a_folder_that_cannot_be_read_is_skipped_as_glob_skips_it(tmp_path, monkeypatch):
    (tmp_path / "closed").mkdir()
    (tmp_path / "closed" / "a.txt").write_text("x", encoding="utf-8")
    (tmp_path / "b.txt").write_text("x", encoding="utf-8")
    scandir = os.scandir

    def closed(path="."):  # as a folder without read permission (the tests may run as root, who reads all)
        if os.fspath(path).endswith("closed"):
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return scandir(path)

    monkeypatch.setattr(os, "scandir", closed)
    assert [path for _, path in list_files(tmp_path)] == glob_reference(tmp_path, True) == [str(tmp_path / "b.txt")]


@given(st.text(alphabet=st.sampled_from(list("ab.خ _-")), max_size=8).filter(lambda n: n not in ("", ".", "..")))
def test_split_suffix_is_pathlib_stem_and_suffix(name):
    assert split_suffix(name) == (PurePosixPath(name).stem, PurePosixPath(name).suffix)
