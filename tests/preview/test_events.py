import json
import threading

from handoutkit.preview.events import Errors, Event, Hub, reload_event


def decoded(event: Event) -> tuple[str, dict]:
    lines = event.encode().decode().split("\n")
    assert lines[0] == f"event: {event.name}"
    data = "\n".join(line.removeprefix("data: ") for line in lines[1:] if line)
    assert event.encode().endswith(b"\n\n")
    return event.name, json.loads(data)


def test_a_reload_names_each_page_once_in_order():
    assert decoded(reload_event(["/b.html", "/a.html", "/b.html"])) == (
        "reload",
        {"paths": ["/a.html", "/b.html"]},
    )


def test_a_multi_line_message_stays_one_event():
    errors = Errors(everywhere=("line one\nline two",))
    name, data = decoded(errors.event())
    assert name == "errors"
    assert data["global"] == ["line one\nline two"]
    assert data["summary"] == ["/index.html", "/checks.html", "/gallery/", "/checks/"]


def test_a_page_that_connects_gets_the_errors_first_then_what_is_published():
    hub = Hub()
    hub.set_errors(Errors(pages={"/x.html": ("broken",)}, jobs=("broken",)))
    stream = hub.subscribe()
    assert decoded(next(stream))[1]["pages"] == {"/x.html": ["broken"]}
    hub.publish(reload_event(["/x.html"]))
    assert decoded(next(stream))[1] == {"paths": ["/x.html"]}


def test_the_same_errors_again_are_not_sent_again():
    hub = Hub()
    stream = hub.subscribe()
    next(stream)
    hub.set_errors(Errors(jobs=("a",)))
    hub.set_errors(Errors(jobs=("a",)))
    hub.publish(reload_event(["/y.html"]))
    assert decoded(next(stream))[0] == "errors"
    assert decoded(next(stream))[0] == "reload"


def test_closing_the_hub_ends_every_stream():
    hub = Hub()
    seen: list[str] = []
    ready = threading.Event()

    def listen() -> None:
        stream = hub.subscribe()
        next(stream)
        ready.set()
        seen.extend(event.name for event in stream if event)

    thread = threading.Thread(target=listen)
    thread.start()
    assert ready.wait(5)
    hub.close()
    thread.join(5)
    assert not thread.is_alive()
    assert seen == []
    assert hub.listeners == 0
    assert list(hub.subscribe()) == []  # a page connecting after the end gets nothing
