"""PDF/X-4 for the print shop: a CMYK output intent, every colour in CMYK, marks in registration.

A press prints four inks; PDF/X-4 says which press (the output intent, an ICC profile) and
allows no colour that is not either for those inks or device-independent. WeasyPrint writes the
intent and the PDF/X keys when given a `device-cmyk` colour profile; what it leaves in RGB is
made CMYK here:

- the stylesheet's colours (theme colours, rules, accents) become `device-cmyk()`: greys and
  black in black ink alone (text printed in four inks blurs at the slightest misregistration),
  other colours through the output profile, as a prepress tool would convert them;
- the crop marks WeasyPrint draws in RGB black become registration colour (all four inks), so
  that they show on every plate;
- pictures stay RGB but say so (ICC-based sRGB): PDF/X-4 allows colour that is
  device-independent, and the shop's RIP converts it for its own press.

The profile is Ghostscript's CMYK profile (Artifex's SWOP), from Debian's `libgs-common`: a
print shop that wants its own conversion gives its profile to its RIP, which replaces the
intent; no profile is shipped with publish.
"""

from __future__ import annotations

import hashlib
import io
import struct

import tinycss2

from publish.settings import cmyk_profile_path

PROFILE_URL = "publish-profile:cmyk"  # how the stylesheet names it; the PDF writer's fetcher serves it
OUTPUT_INTENT_CSS = (
    f'@color-profile device-cmyk {{ src: url("{PROFILE_URL}"); components: cyan, magenta, yellow, black; }}\n'
)
REGISTRATION = (1.0, 1.0, 1.0, 1.0)
NAMED = {"black": (0, 0, 0), "white": (255, 255, 255), "gray": (128, 128, 128), "grey": (128, 128, 128)}


def cmyk_profile() -> bytes:
    """The output profile's bytes, or an error that says how to get it."""
    return cmyk_profile_path().read_bytes()


def cmyk_css(css: str, profile: bytes) -> str:
    """`css` with every RGB colour written as `device-cmyk()` for the press of `profile`."""
    convert = _converter(profile)
    rules = tinycss2.parse_stylesheet(css)
    _convert_tokens(rules, convert)
    return tinycss2.serialize(rules)


def _converter(profile: bytes):
    from PIL import Image, ImageCms

    transform = ImageCms.buildTransform(
        ImageCms.createProfile("sRGB"),
        ImageCms.ImageCmsProfile(io.BytesIO(profile)),
        "RGB",
        "CMYK",
        renderingIntent=ImageCms.Intent.RELATIVE_COLORIMETRIC,
    )
    cache: dict[tuple[int, int, int], str] = {}

    def convert(rgb: tuple[int, int, int]) -> str:
        if rgb not in cache:
            ink: tuple[float, ...]
            if max(rgb) - min(rgb) <= 2:  # grey: black ink alone
                ink = (0.0, 0.0, 0.0, round(1 - sum(rgb) / 3 / 255, 3))
            else:
                converted = ImageCms.applyTransform(Image.new("RGB", (1, 1), rgb), transform)
                assert converted is not None  # applyTransform returns None only when told to work in place
                pixel = converted.getpixel((0, 0))
                assert isinstance(pixel, tuple)
                ink = tuple(round(value / 255, 3) for value in pixel)
            cache[rgb] = "device-cmyk({})".format(" ".join(f"{value:g}" for value in ink))
        return cache[rgb]

    return convert


def _convert_tokens(nodes: list, convert) -> None:
    """Colours replaced in place, at every depth (declarations, at-rules, functions); a list of
    lists to do, not recursion, so that no nesting of a project's stylesheet can exhaust the stack."""
    pending = [nodes]
    while pending:
        current = pending.pop()
        for index, node in enumerate(current):
            rgb = _rgb(node)
            if rgb is not None:
                current[index] = tinycss2.parse_one_component_value(convert(rgb))
                continue
            for attribute in ("prelude", "content", "value", "arguments"):
                children = getattr(node, attribute, None)
                if isinstance(children, list):
                    if attribute == "content" and node.type in ("qualified-rule", "at-rule") and children:
                        children = node.content = tinycss2.parse_blocks_contents(node.content)
                    pending.append(children)


def _rgb(node) -> tuple[int, int, int] | None:
    """The RGB colour a token stands for (a hash, rgb()/rgba() in numbers, a few names)."""
    if node.type == "hash" and len(node.value) in (3, 6) and all(c in "0123456789abcdefABCDEF" for c in node.value):
        value = node.value if len(node.value) == 6 else "".join(c * 2 for c in node.value)
        return (int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16))
    if node.type == "ident" and node.lower_value in NAMED:
        return NAMED[node.lower_value]
    if node.type == "function" and node.lower_name in ("rgb", "rgba"):
        numbers = [token for token in node.arguments if token.type in ("number", "percentage")]
        if len(numbers) >= 3:
            channels = [token.value * 2.55 if token.type == "percentage" else token.value for token in numbers[:3]]
            return tuple(max(0, min(255, round(value))) for value in channels)  # type: ignore[return-value]
    return None


def registration_marks(writer) -> None:
    """In the PDF being written (a pypdf PdfWriter): WeasyPrint's RGB drawing colours (its crop
    marks' black) in registration colour, its pictures' RGB declared ICC-based sRGB: no
    DeviceRGB left."""
    from pypdf.generic import ArrayObject, ContentStream, DecodedStreamObject, NameObject, NumberObject

    from publish.compose import seam

    srgb = DecodedStreamObject()
    srgb.set_data(_srgb_profile())
    srgb[NameObject("/N")] = NumberObject(3)
    srgb_space = ArrayObject([NameObject("/ICCBased"), seam.add_object(writer, srgb)])
    seen: set[int] = set()

    def visit(resources) -> None:
        for xobject in list((resources or {}).get("/XObject", {}).values()):
            target = xobject.get_object()
            if id(target) in seen:
                continue
            seen.add(id(target))
            if target.get("/Subtype") == "/Image":
                if target.get("/ColorSpace") == "/DeviceRGB":
                    target[NameObject("/ColorSpace")] = srgb_space
            elif target.get("/Subtype") == "/Form":
                _recolour(target, writer, ContentStream)
                visit(target.get("/Resources"))

    for page in writer.pages:
        content = page.get_contents()
        if content is not None:
            operations = ContentStream(content, writer)
            if _recolour_operations(operations):
                page.replace_contents(operations)
                page.compress_content_streams()
        visit(page.get("/Resources"))


def _recolour(form, writer, content_stream) -> None:
    operations = content_stream(form, writer)
    if _recolour_operations(operations):
        form.set_data(operations.get_data())


def _recolour_operations(operations) -> bool:
    """RGB colour operators made CMYK: black to registration, others through a plain formula
    (WeasyPrint draws in RGB only what the stylesheet did not colour: its marks)."""
    from pypdf.generic import FloatObject

    changed = False
    for index, (operands, operator) in enumerate(operations.operations):
        if operator in (b"rg", b"RG") and len(operands) == 3:
            ink: tuple[float, ...]
            red, green, blue = (float(value) for value in operands)
            if max(red, green, blue) < 0.01:
                ink = REGISTRATION
            else:
                black = 1 - max(red, green, blue)
                ink = tuple((1 - value - black) / (1 - black) for value in (red, green, blue)) + (black,)
            operations.operations[index] = (
                [FloatObject(round(value, 4)) for value in ink],
                b"k" if operator == b"rg" else b"K",
            )
            changed = True
    return changed


ICC_DATE = slice(24, 36)  # the profile header's creation date and time: six big-endian uint16
ICC_ID = slice(84, 100)  # its MD5 profile ID, when one is set


def _srgb_profile() -> bytes:
    """An sRGB profile, made by littleCMS (through Pillow): nothing is fetched or shipped. Its
    header is dated 2000-01-01, not the moment it was made, so the same book gives the same
    file (littleCMS dates it now: a PDF/X differed from one build to the next)."""
    from PIL import ImageCms

    profile = bytearray(ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())
    profile[ICC_DATE] = struct.pack(">6H", 2000, 1, 1, 0, 0, 0)
    if any(profile[ICC_ID]):  # ICC.1 7.2.18: the ID is the MD5 of the profile with it and two fields zeroed
        hashed = bytearray(profile)
        hashed[44:48] = hashed[64:68] = bytes(4)
        hashed[ICC_ID] = bytes(16)
        profile[ICC_ID] = hashlib.md5(hashed).digest()  # noqa: S324 (the format's checksum)
    return bytes(profile)
