"""``l10n models``: list, install, remove translation packages."""

from __future__ import annotations

import argparse
import sys

from l10n.cli.common import add_actions, add_engine_args


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("models", help="list, install and remove translation models",
                       description="Manage Argos Translate packages (.argosmodel) in the data directory.")
    msub = add_actions(p, "models_command")

    ls = msub.add_parser("list", help="installed packages and the pairs reachable through English")
    ls.add_argument("--available", action="store_true", help="also list packages in the package index (network)")
    ls.add_argument("--index-url", metavar="URL", help="package index URL (default $L10N_INDEX_URL or Argos's)")
    ls.add_argument("--json", action="store_true", help="machine-readable output")
    add_engine_args(ls)
    ls.set_defaults(func=run_list)

    ins = msub.add_parser(
        "install", help="install packages from the index, a URL, a file or a folder",
        description="Install translation packages. SOURCE is a language pair (en-uk: looked up in the "
                    "package index), an .argosmodel file, a folder of .argosmodel files (air-gapped), "
                    "or an http(s)/file URL of an .argosmodel file.",
        epilog="examples:\n  l10n models install en-uk en-ru en-tr\n"
               "  l10n models install /media/usb/models/\n"
               "  l10n models install en-uk --index-url http://mirror.local/argos/index.json",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    ins.add_argument("sources", nargs="+", metavar="SOURCE")
    ins.add_argument("--index-url", metavar="URL", help="package index (default $L10N_INDEX_URL or Argos's)")
    ins.add_argument("--mirror", metavar="URL", help="download package files from this folder URL instead of the index links ($L10N_MIRROR_URL)")
    ins.add_argument("--quiet", "-q", action="store_true", help="no progress bar")
    add_engine_args(ins)
    ins.set_defaults(func=run_install)

    rm = msub.add_parser("remove", help="remove an installed package")
    rm.add_argument("pairs", nargs="+", metavar="PAIR", help="e.g. en-uk")
    add_engine_args(rm)
    rm.set_defaults(func=run_remove)

    pa = msub.add_parser("path", help="print the models directory")
    add_engine_args(pa)
    pa.set_defaults(func=run_path)


def run_list(args: argparse.Namespace) -> int:
    from l10n.cli.common import print_json, settings_from_args
    from l10n.engines.base import reachable_pairs
    from l10n.engines.install import fetch_index
    from l10n.engines.packages import installed_packages
    settings = settings_from_args(args)
    pkgs = installed_packages(settings)
    reach = reachable_pairs({p.pair for p in pkgs})
    pivots = {f"{a}-{b}": [f"{x}-{y}" for x, y in hops] for (a, b), hops in reach.items() if len(hops) > 1}
    available = []
    if args.available:
        available = [{"from": e.from_code, "to": e.to_code, "version": e.version, "links": list(e.links)}
                     for e in fetch_index(settings, args.index_url)]
    if args.json:
        print_json({"models_dir": str(settings.models_dir), "installed": [p.to_dict() for p in pkgs],
                    "pivot": pivots, **({"available": available} if args.available else {})})
        return 0
    print(f"models directory: {settings.models_dir}")
    if not pkgs:
        print("no models installed (install with: l10n models install en-uk en-ru en-tr)")
    for p in pkgs:
        print(f"  {p.from_code}-{p.to_code}  v{p.version:<6} {p.name}")
    if pivots:
        print("reachable through English:")
        for pair, hops in sorted(pivots.items()):
            print(f"  {pair}  via {' + '.join(hops)}")
    if args.available:
        print("available in the index:")
        for e in available:
            print(f"  {e['from']}-{e['to']}  v{e['version']}")
    return 0


def run_install(args: argparse.Namespace) -> int:
    from pathlib import Path

    from l10n.cli.common import settings_from_args
    from l10n.cli.progress import ProgressBar
    from l10n.engines import install, packages
    settings = settings_from_args(args)
    bar = ProgressBar(enabled=not args.quiet)
    installed = []
    try:
        pairs = []
        for source in args.sources:
            if "://" in source:
                installed.append(install.install_url(settings, source, progress=bar.bytes))
            elif Path(source).exists():
                installed += install.install_path(settings, Path(source))
            elif source.endswith(".argosmodel") or "/" in source:
                from l10n.errors import InputError
                raise InputError("no such file or folder", where=source)
            else:
                pairs.append(packages.parse_pair(source))
        if pairs:
            installed += install.install_pairs(settings, pairs, index_url=args.index_url,
                                              mirror_url=args.mirror, progress=bar.bytes)
    finally:
        bar.close()
    for p in installed:
        print(f"installed {p.from_code}-{p.to_code} v{p.version} -> {p.path}", file=sys.stderr)
    return 0


def run_remove(args: argparse.Namespace) -> int:
    from l10n.cli.common import settings_from_args
    from l10n.engines import packages
    settings = settings_from_args(args)
    for pair in args.pairs:
        pkg = packages.remove(settings, *packages.parse_pair(pair))
        print(f"removed {pkg.from_code}-{pkg.to_code} ({pkg.path})", file=sys.stderr)
    return 0


def run_path(args: argparse.Namespace) -> int:
    from l10n.cli.common import settings_from_args
    print(settings_from_args(args).models_dir)
    return 0
