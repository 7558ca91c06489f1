"""--out naming a symbolic link to the folder a web server serves (`/var/www/relief` linked
to `/srv/sites/relief`, a common deployment).

The swap put the new site where the link was and kept the link aside as `.NAME.spare`: the
folder the link named, the one being served, kept the old site for good, and publish said
it had published. The site now replaces the folder the link names; the link stays."""

from __future__ import annotations

import os


def test_a_link_to_the_served_folder_gets_the_new_site(tmp_path, publish_to):
    served = tmp_path / "srv" / "relief"
    served.parent.mkdir()
    publish_to(served)
    first = (served / "index.html").read_bytes()
    (served / "index.html").write_bytes(b"an old page")  # what an outdated site would show
    link = tmp_path / "relief-site"
    link.symlink_to(served, target_is_directory=True)
    publish_to(link)
    assert link.is_symlink() and os.readlink(link) == str(served)
    assert (served / "index.html").read_bytes() == first
    assert not any(p.is_symlink() for p in tmp_path.iterdir() if p.name.startswith("."))


def test_out_given_as_the_current_folder(tmp_path, monkeypatch):
    """`relief publish BOOKS --out .` in the site's folder: the swap moves the folder the
    process (and the shell it came from) stands in aside, as the spare. The path printed at
    the end pointed into it (…/.site.spare/index.html), and the next `--out .` from that
    shell published into the spare, a hidden folder no one serves. Now the first says where
    the new site is and to cd there again; the second is refused, saying the same."""
    from click.testing import CliRunner

    from cli import cli
    from ledger.init_books import init_books

    books = init_books(tmp_path / "books", name_zh="测试中心", name_en="Test centre", year=2026).parent
    site = tmp_path / "site"
    site.mkdir()
    monkeypatch.chdir(site)
    args = ["publish", str(books), "--out", ".", "--no-acknowledgements", "--no-report-pdf", "--allow-foreign"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert result.output.strip().splitlines()[-1] == str(site / "index.html")
    assert f"cd {site}" in result.output
    again = CliRunner().invoke(cli, args)  # from the shell still standing in the folder set aside
    assert again.exit_code == 1 and f"cd {site}" in again.output, again.output
    assert not (tmp_path / ".site.spare" / "index.html").exists()


def test_out_that_is_a_mount_point_is_refused_before_the_work(tmp_path, publish_to, monkeypatch):
    """--out the mount point of a volume (a web server's document root mounted into a
    container): the whole site was made, and then the swap, a rename, failed with 'Device or
    resource busy', which said nothing of why, and left an empty .NAME.old-… beside it. It
    is refused first now, saying to publish into a folder inside it."""
    from publish.run import PublishError

    out = tmp_path / "html"
    out.mkdir()
    real = os.path.ismount
    monkeypatch.setattr(os.path, "ismount", lambda path: os.fspath(path) == str(out) or real(path))
    try:
        publish_to(out)
    except PublishError as exc:
        said = str(exc)
    else:
        said = ""
    assert "mount point" in said and str(out / "site") in said, said
    assert list(out.iterdir()) == [] and [p.name for p in tmp_path.iterdir()] == ["html"]
