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
