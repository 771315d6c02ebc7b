"""An HTML report as a browser shows it: Debian's headless chromium takes a
screenshot and dumps the DOM it built, and the checks below say whether
the page rendered (the charts are there, and the picture is not blank).
The PNG is read with zlib and struct alone, so that no imaging package is
needed."""

import os
import struct
import subprocess
import zlib

CHROMIUM = os.environ.get("CHROMIUM", "chromium")
# A cold start of chromium in a container takes seconds; a hang fails.
RENDER_TIMEOUT_SECONDS = 60
WINDOW_SIZE = "1280,2400"
# The ids of the report's charts, which every page has.
CHART_IDS = ["latency-histogram", "rate-over-time", "latency-over-time",
             "errors-over-time"]
SMALLEST_PNG_BYTES = 20 * 1024
# Rows with more than the background colour, in a page of four charts.
FEWEST_DRAWN_ROWS = 200


def _chromium(out_dir, *args):
    # A profile of its own in out_dir: nothing read from or left in $HOME.
    command = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu",
               "--hide-scrollbars", "--no-first-run",
               "--user-data-dir=" + os.path.join(out_dir, "chromium-profile"),
               "--window-size=" + WINDOW_SIZE, *args]
    result = subprocess.run(command, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE,
                            timeout=RENDER_TIMEOUT_SECONDS)
    if result.returncode != 0:
        raise RuntimeError("%s exited with %d: %s" % (
            CHROMIUM, result.returncode,
            result.stderr.decode(errors="replace")[-2000:]))
    return result.stdout.decode(errors="replace")


def render_html(path, out_dir):
    """Renders the page at `path`; returns (the screenshot's path, the DOM
    as chromium serialized it)."""
    url = "file://" + os.path.abspath(path)
    png_path = os.path.join(out_dir, "screenshot.png")
    _chromium(out_dir, "--screenshot=" + png_path, url)
    dom = _chromium(out_dir, "--dump-dom", url)
    return png_path, dom


def _paeth(left, up, up_left):
    estimate = left + up - up_left
    to_left, to_up = abs(estimate - left), abs(estimate - up)
    to_up_left = abs(estimate - up_left)
    if to_left <= to_up and to_left <= to_up_left:
        return left
    return up if to_up <= to_up_left else up_left


def _unfilter(kind, line, previous, step):
    """One row of pixels from its filtered bytes (PNG spec, section 9)."""
    if kind == 0:
        return line
    if kind == 2:
        return bytearray((a + b) & 0xFF for a, b in zip(line, previous))
    row = bytearray(line)
    for i in range(len(row)):
        left = row[i - step] if i >= step else 0
        if kind == 1:
            row[i] = (row[i] + left) & 0xFF
        elif kind == 3:
            row[i] = (row[i] + ((left + previous[i]) >> 1)) & 0xFF
        elif kind == 4:
            up_left = previous[i - step] if i >= step else 0
            row[i] = (row[i] + _paeth(left, previous[i], up_left)) & 0xFF
        else:
            raise ValueError("PNG filter type %d" % kind)
    return row


def png_rows(png_path):
    """The rows of an 8-bit, non-interlaced RGB or RGBA PNG (what chromium
    writes), each a list of pixels as bytes; and its width."""
    with open(png_path, "rb") as png:
        data = png.read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("%s is not a PNG" % png_path)
    at, compressed, header = 8, [], None
    while at < len(data):
        length, kind = struct.unpack(">I4s", data[at:at + 8])
        body = data[at + 8:at + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            compressed.append(body)
        at += 12 + length
    width, height, depth, colour, _, _, interlace = header
    channels = {2: 3, 6: 4}.get(colour)
    if depth != 8 or channels is None or interlace != 0:
        raise ValueError("%s: depth %d, colour type %d, interlace %d not read"
                         % (png_path, depth, colour, interlace))
    raw = zlib.decompress(b"".join(compressed))
    stride = width * channels
    rows, previous = [], bytearray(stride)
    for y in range(height):
        start = y * (stride + 1)
        previous = _unfilter(raw[start], raw[start + 1:start + 1 + stride],
                             previous, channels)
        rows.append([bytes(previous[x:x + channels])
                     for x in range(0, stride, channels)])
    return rows, width


def assert_rendered(testcase, png_path, dom):
    """That the page rendered: a screenshot that is not blank, and a DOM
    with every chart and at least one histogram bar."""
    testcase.assertTrue(os.path.isfile(png_path), png_path)
    size = os.path.getsize(png_path)
    testcase.assertGreater(size, SMALLEST_PNG_BYTES, png_path)
    rows, _ = png_rows(png_path)
    background = rows[0][0]
    colours = set()
    drawn_rows = 0
    for row in rows:
        distinct = set(row)
        colours |= distinct
        if distinct != {background}:
            drawn_rows += 1
    testcase.assertGreater(len(colours), 1, "%s is one colour" % png_path)
    testcase.assertGreaterEqual(drawn_rows, FEWEST_DRAWN_ROWS,
                                "%s is mostly blank" % png_path)
    for chart in CHART_IDS:
        testcase.assertIn('<svg id="%s"' % chart, dom)
    testcase.assertRegex(dom, r'<rect class="bar"')
