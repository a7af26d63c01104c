"""Vendor GraphiQL's assets from npm, and check them (docs/operations.md "GraphiQL offline").

    python -m server.http.graphiql.vendor          # check (offline): the files, the manifest
                                                   # and the pins of Strawberry's page agree
    python -m server.http.graphiql.vendor update   # fetch, verify, rewrite (needs npm)

The pins are the CDN files of Strawberry's stock page (package, version, path): after a
Strawberry upgrade that changes them, `update` vendors the new ones. Each tarball comes from
`npm pack`; its sha512 must equal the registry's `dist.integrity` (and the manifest's, for a
version already vendored), and each file's sha384 the integrity Strawberry's page gives it.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import io
import json
import subprocess
import sys
import tarfile
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import asdict
from pathlib import Path

from strawberry.http.ides import get_graphql_ide_html

from server.http.graphiql.vendored import Asset, Pin, asset_name, cdn_pins

#: Where the vendored files and manifest.json live in a source checkout.
ASSETS = Path(__file__).parent / "assets"

#: `npm pack <spec>` into a directory: the tarball's path.
Pack = Callable[[str, Path], Path]
#: `npm view <spec> dist.integrity`: the registry's integrity of the tarball.
RegistryIntegrity = Callable[[str], str]


def sri(algorithm: str, data: bytes) -> str:
    """A Subresource Integrity value: `sha384-<base64>`."""
    return f"{algorithm}-{base64.b64encode(hashlib.new(algorithm, data).digest()).decode()}"


def stock_pins() -> list[Pin]:
    """The CDN files of Strawberry's GraphiQL page, as installed."""
    return cdn_pins(get_graphql_ide_html("graphiql"))


def read_manifest(directory: Path) -> dict[str, Asset]:
    path = directory / "manifest.json"
    if not path.exists():
        return {}
    return {e["name"]: Asset(**e) for e in json.loads(path.read_text(encoding="utf-8"))["files"]}


def check(directory: Path, pins: Sequence[Pin]) -> list[str]:
    """What is wrong with the vendored files in `directory`: nothing when each file matches
    its manifest entry, no file is unlisted, and each pin is vendored with its integrity."""
    assets = read_manifest(directory)
    problems = []
    for asset in assets.values():
        path = directory / asset.name
        if not path.is_file():
            problems.append(f"{asset.name}: missing")
            continue
        data = path.read_bytes()
        actual = (len(data), hashlib.sha256(data).hexdigest(), sri("sha384", data))
        if actual != (asset.bytes, asset.sha256, asset.sha384):
            problems.append(f"{asset.name}: differs from the manifest")
    listed = {*assets, "manifest.json"}
    unlisted = sorted(p.name for p in directory.iterdir() if p.name not in listed)
    problems += [f"{name}: not in the manifest" for name in unlisted]
    for pin in pins:
        pinned = assets.get(asset_name(pin.package, pin.version, pin.path))
        if pinned is None or pinned.sha384 != pin.integrity:
            problems.append(f"{pin.package}@{pin.version}/{pin.path}: not vendored (run update)")
    return problems


def npm_pack(spec: str, destination: Path) -> Path:
    """The tarball of `spec` (package@version), downloaded by npm (which checks it against
    the registry's integrity on the way)."""
    command = ["npm", "pack", spec, "--json", "--pack-destination", str(destination)]
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    filename: str = json.loads(output)[0]["filename"]
    return destination / filename


def npm_integrity(spec: str) -> str:
    """The registry's `dist.integrity` of `spec`'s tarball."""
    command = ["npm", "view", spec, "dist.integrity", "--json"]
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    integrity: str = json.loads(output)
    return integrity


def update(
    directory: Path,
    pins: Sequence[Pin],
    pack: Pack = npm_pack,
    registry_integrity: RegistryIntegrity = npm_integrity,
) -> list[Asset]:
    """Vendor `pins` (and each package's LICENSE) into `directory`, verified; files no pin
    needs any more are removed. Returns the new manifest's entries."""
    previous = read_manifest(directory)
    assets: list[Asset] = []
    with tempfile.TemporaryDirectory() as scratch:
        for spec in dict.fromkeys(f"{p.package}@{p.version}" for p in pins):
            tarball = pack(spec, Path(scratch)).read_bytes()
            integrity = sri("sha512", tarball)
            if integrity != registry_integrity(spec):
                raise ValueError(f"{spec}: the tarball does not match the registry's integrity")
            if any(a.tarball_integrity != integrity for a in previous.values() if _of(a, spec)):
                raise ValueError(f"{spec}: the tarball differs from the one vendored before")
            assets += _extract(directory, tarball, integrity, [p for p in pins if _of(p, spec)])
    for stale in set(previous) - {a.name for a in assets}:
        (directory / stale).unlink(missing_ok=True)
    manifest = {
        "about": "GraphiQL's assets, from npm; python -m server.http.graphiql.vendor [update]",
        "files": [asdict(a) for a in assets],
    }
    (directory / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n")
    return assets


def _of(item: Asset | Pin, spec: str) -> bool:
    return f"{item.package}@{item.version}" == spec


def _extract(directory: Path, tarball: bytes, integrity: str, pins: list[Pin]) -> list[Asset]:
    """The pinned files of one tarball (and its LICENSE when it has one), written out."""
    with tarfile.open(fileobj=io.BytesIO(tarball), mode="r:gz") as archive:
        members = {m.name: m for m in archive.getmembers() if m.isfile()}
        package = json.loads(_read(archive, members["package/package.json"]))
        wanted: list[tuple[str, str | None]] = [(p.path, p.integrity) for p in pins]
        if "package/LICENSE" in members:
            wanted.append(("package/LICENSE", None))
        assets = []
        for path, expected in wanted:
            data = _read(archive, members[path])
            if expected is not None and sri("sha384", data) != expected:
                raise ValueError(f"{path}: not the file Strawberry's page expects")
            name = asset_name(package["name"], package["version"], path)
            (directory / name).write_bytes(data)
            assets.append(_asset(name, package, path, integrity, data))
    return assets


def _read(archive: tarfile.TarFile, member: tarfile.TarInfo) -> bytes:
    file = archive.extractfile(member)
    assert file is not None  # a regular file
    return file.read()


def _asset(name: str, package: dict[str, str], path: str, integrity: str, data: bytes) -> Asset:
    return Asset(
        name=name,
        package=package["name"],
        version=package["version"],
        path=path,
        tarball_integrity=integrity,
        license=package.get("license", "see the package"),
        bytes=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        sha384=sri("sha384", data),
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m server.http.graphiql.vendor")
    parser.add_argument("command", nargs="?", choices=["check", "update"], default="check")
    parser.add_argument("--directory", type=Path, default=ASSETS)
    arguments = parser.parse_args(argv)
    pins = stock_pins()
    if arguments.command == "update":
        assets = update(arguments.directory, pins)
        print(f"vendored {len(assets)} files, {sum(a.bytes for a in assets):,} bytes")
    problems = check(arguments.directory, pins)
    for problem in problems:
        print(problem, file=sys.stderr)
    if not problems:
        print(f"{len(read_manifest(arguments.directory))} files match the manifest and the pins")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
