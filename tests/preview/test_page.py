from handoutkit.preview.page import TAG, client_script, with_preview


def test_the_script_goes_at_the_end_of_the_head():
    html = b"<!doctype html><html><head><title>t</title></head><body><p>x</p></body></html>"
    assert with_preview(html) == html.replace(b"</head>", TAG + b"</head>")


def test_without_a_head_the_script_goes_at_the_end_of_the_body():
    assert with_preview(b"<p>x</p></BODY>") == b"<p>x</p>" + TAG + b"</BODY>"


def test_a_fragment_gets_the_script_at_its_end():
    assert with_preview(b"<p>x</p>") == b"<p>x</p>" + TAG


def test_the_client_script_listens_to_the_events_and_draws_the_overlay():
    script = client_script().decode()
    assert 'new EventSource("/_handoutkit/events")' in script
    assert "alertdialog" in script and "attachShadow" in script
