"""GraphiQL's vendored assets (issue 19): the committed files are the ones Strawberry's page pins,
byte for byte; `python -m server.http.graphiql.vendor update` rebuilds them from npm tarballs,
verified (here with a stand-in `npm` serving tarballs made from the committed files)."""

from __future__ import annotations

import io
import json
import os
import shutil
import sys
import tarfile
import tomllib
from pathlib import Path

import pytest

from server.http.graphiql import vendor
from server.http.graphiql.vendored import Pin, asset_name, manifest

PINS = vendor.stock_pins()


def test_the_committed_files_match_the_manifest_and_the_pins_of_strawberrys_page():
    assert vendor.check(vendor.ASSETS, PINS) == []
    assert vendor.main(["check"]) == 0
    assert [(p.package, p.version) for p in PINS] == [
        ("react", "18.2.0"),
        ("react-dom", "18.2.0"),
        ("js-cookie", "3.0.5"),
        ("graphiql", "3.8.3"),
        ("@graphiql/plugin-explorer", "1.0.2"),
        ("graphiql", "3.8.3"),
        ("@graphiql/plugin-explorer", "1.0.2"),
    ]
    assert {a.tarball_integrity[:7] for a in manifest().values()} == {"sha512-"}
    assert sum(a.bytes for a in manifest().values()) == 4_134_531


def _tarball(spec: str, tamper: str | None = None) -> bytes:
    """A tarball of `spec` made of the committed files (`tamper`: one path altered)."""
    package, version = spec.rsplit("@", 1)
    files = {"package/package.json": json.dumps({"name": package, "version": version})}
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        paths = [p.path for p in PINS if (p.package, p.version) == (package, version)]
        for path in [*paths, "package/LICENSE"]:
            source = vendor.ASSETS / asset_name(package, version, path)
            if source.exists():
                data = source.read_bytes() + (b"//" if path == tamper else b"")
                files[path] = data.decode()
        for path, text in files.items():
            info = tarfile.TarInfo(path)
            info.size = len(text.encode())
            archive.addfile(info, io.BytesIO(text.encode()))
    return buffer.getvalue()


def _npm(tarballs: dict[str, bytes]) -> tuple[vendor.Pack, vendor.RegistryIntegrity]:
    def pack(spec: str, destination: Path) -> Path:
        path = destination / f"{spec.replace('/', '-')}.tgz"
        path.write_bytes(tarballs[spec])
        return path

    def integrity(spec: str) -> str:
        return vendor.sri("sha512", tarballs[spec])

    return pack, integrity


def _specs() -> list[str]:
    return list(dict.fromkeys(f"{p.package}@{p.version}" for p in PINS))


def test_update_vendors_each_pinned_file_and_license_then_checks_clean(tmp_path: Path):
    (tmp_path / "graphiql-3.0.0-graphiql.min.js").write_text("old")
    old = {"name": "graphiql-3.0.0-graphiql.min.js", "package": "graphiql", "version": "3.0.0"}
    stale = {"files": [{**vars(manifest()["graphiql-3.8.3-graphiql.min.js"]), **old}]}
    (tmp_path / "manifest.json").write_text(json.dumps(stale))

    assets = vendor.update(tmp_path, PINS, *_npm({s: _tarball(s) for s in _specs()}))

    assert sorted(a.name for a in assets) == sorted(manifest())
    assert vendor.check(tmp_path, PINS) == []
    for asset in assets:
        committed = manifest()[asset.name]
        assert (asset.sha256, asset.sha384, asset.path) == (
            committed.sha256,
            committed.sha384,
            committed.path,
        )
    assert not (tmp_path / "graphiql-3.0.0-graphiql.min.js").exists()


def test_update_refuses_a_file_strawberrys_page_would_not_accept(tmp_path: Path):
    tarballs = {s: _tarball(s) for s in _specs()}
    tarballs["react@18.2.0"] = _tarball(
        "react@18.2.0", tamper="package/umd/react.production.min.js"
    )

    with pytest.raises(ValueError, match="not the file Strawberry's page expects"):
        vendor.update(tmp_path, PINS, *_npm(tarballs))


def test_update_refuses_a_tarball_the_registry_does_not_vouch_for(tmp_path: Path):
    pack, _ = _npm({s: _tarball(s) for s in _specs()})

    with pytest.raises(ValueError, match="registry's integrity"):
        vendor.update(tmp_path, PINS, pack, lambda spec: "sha512-other")


def test_update_refuses_another_tarball_for_a_version_already_vendored(tmp_path: Path):
    shutil.copy(vendor.ASSETS / "manifest.json", tmp_path / "manifest.json")

    with pytest.raises(ValueError, match="differs from the one vendored before"):
        vendor.update(tmp_path, PINS, *_npm({s: _tarball(s) for s in _specs()}))


def test_check_names_every_problem(tmp_path: Path):
    for asset in manifest().values():
        shutil.copy(vendor.ASSETS / asset.name, tmp_path / asset.name)
    shutil.copy(vendor.ASSETS / "manifest.json", tmp_path / "manifest.json")
    (tmp_path / "react-18.2.0-LICENSE").write_text("changed")
    (tmp_path / "js-cookie-3.0.5-LICENSE").unlink()
    (tmp_path / "extra.js").write_text("")
    newer = Pin("graphiql", "4.0.0", "package/graphiql.min.js", "sha384-x")

    assert vendor.check(tmp_path, [*PINS, newer]) == [
        "react-18.2.0-LICENSE: differs from the manifest",
        "js-cookie-3.0.5-LICENSE: missing",
        "extra.js: not in the manifest",
        "graphiql@4.0.0/package/graphiql.min.js: not vendored (run update)",
    ]


@pytest.fixture
def fake_npm(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An `npm` on PATH answering `pack` and `view` from tarballs of the committed files."""
    registry = tmp_path / "registry"
    registry.mkdir()
    for spec in _specs():
        tarball = _tarball(spec)
        name = spec.replace("/", "-")
        (registry / f"{name}.tgz").write_bytes(tarball)
        (registry / f"{name}.integrity").write_text(vendor.sri("sha512", tarball))
    script = tmp_path / "bin" / "npm"
    script.parent.mkdir()
    script.write_text(
        f"#!{sys.executable}\n"
        "import json, shutil, sys\n"
        f"registry = {str(registry)!r}\n"
        "command, spec = sys.argv[1], sys.argv[2].replace('/', '-')\n"
        "if command == 'pack':\n"
        "    shutil.copy(f'{registry}/{spec}.tgz', sys.argv[-1])\n"
        "    print(json.dumps([{'filename': spec + '.tgz'}]))\n"
        "else:\n"
        "    print(json.dumps(open(f'{registry}/{spec}.integrity').read()))\n"
    )
    script.chmod(0o755)
    monkeypatch.setenv("PATH", f"{script.parent}{os.pathsep}{os.environ['PATH']}")


@pytest.mark.usefixtures("fake_npm")
def test_the_command_updates_with_npm_then_checks(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    directory = tmp_path / "assets"
    directory.mkdir()

    assert vendor.main(["update", "--directory", str(directory)]) == 0
    (directory / "stray.css").write_text("")
    assert vendor.main(["check", "--directory", str(directory)]) == 1

    out, err = capsys.readouterr()
    assert "vendored 11 files, 4,134,531 bytes" in out
    assert "11 files match the manifest and the pins" in out
    assert err == "stray.css: not in the manifest\n"


def test_the_files_are_installed_with_the_package():
    pyproject = tomllib.loads((Path(__file__).parents[2] / "pyproject.toml").read_text())

    package_data = pyproject["tool"]["setuptools"]["package-data"]["server.http.graphiql"]
    assert "assets/*" in package_data
