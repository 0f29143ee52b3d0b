"""``handoutkit preview``: serve the build folder, rebuild what a saved file changes, reload.

- `events`: what the open pages are told (reload these pages; the build's errors now), and
  the hub that tells every open page;
- `page`: the small script added to the HTML pages served (never to the files on disk);
- `server`: the HTTP server on 127.0.0.1 (files of the build folder, the event stream);
- `session`: one rebuild after a change, in warm workers that stay up between rebuilds;
- `watch`: which folders are watched, and the loop that ties them together.
"""
