#include "barcode_svg.h"

#include <ZXing/BitMatrix.h>
#include <ZXing/MultiFormatWriter.h>

#include <exception>

namespace smartstore::edge::http {
namespace {

// A 1-D symbol's bars are this many modules tall: about a quarter of a
// 26-character Code 128's width, which till scanners read at arm's length.
constexpr int kLinearHeight = 60;
constexpr int kQrQuietZone = 4;       // ISO/IEC 18004
constexpr int kLinearQuietZone = 10;  // ISO/IEC 15417

Failure not_drawable(std::string why) {
  return fail(ErrorKind::unsupported, std::move(why), "barcode");
}

}  // namespace

std::optional<BarcodeSymbology> parse_symbology(std::string_view name) {
  if (name == "qr") return BarcodeSymbology::qr;
  if (name == "code128") return BarcodeSymbology::code128;
  return std::nullopt;
}

Result<BarcodeSvg> render_barcode_svg(std::string_view text, BarcodeSymbology symbology) {
  if (text.empty() || text.size() > 256) return not_drawable("text must be 1-256 characters");
  const bool qr = symbology == BarcodeSymbology::qr;
  if (!qr) {
    for (char c : text)
      if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) > 0x7e)
        return not_drawable("text is not printable ASCII, which Code 128 set B carries");
  }
  ZXing::BitMatrix matrix;
  try {
    ZXing::MultiFormatWriter writer(qr ? ZXing::BarcodeFormat::QRCode : ZXing::BarcodeFormat::Code128);
    writer.setMargin(qr ? kQrQuietZone : kLinearQuietZone);
    // ECC level M (of 0-8 scale: 4): survives a glare spot on a phone screen without a big symbol.
    if (qr) writer.setEccLevel(4);
    // Width/height 0: one pixel per module, so the SVG carries exact module geometry.
    matrix = writer.encode(std::string(text), 0, 0);
  } catch (const std::exception& e) {
    return not_drawable(std::string("not encodable: ") + e.what());
  }
  const int w = matrix.width();
  const int rows = qr ? matrix.height() : 1;
  const int h = qr ? matrix.height() : kLinearHeight;
  if (w <= 0 || rows <= 0) return not_drawable("the writer produced an empty symbol");
  std::string svg;
  svg.reserve(static_cast<std::size_t>(w * rows) * 8 + 256);
  svg += "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + std::to_string(w) + " " +
         std::to_string(h) + "\" width=\"" + std::to_string(w) + "\" height=\"" + std::to_string(h) +
         "\" shape-rendering=\"crispEdges\"><rect width=\"100%\" height=\"100%\" fill=\"#fff\"/><g "
         "fill=\"#000\">";
  for (int y = 0; y < rows; ++y) {
    for (int x = 0; x < w;) {
      if (!matrix.get(x, y)) {
        ++x;
        continue;
      }
      int run = 1;
      while (x + run < w && matrix.get(x + run, y)) ++run;
      svg += "<rect x=\"" + std::to_string(x) + "\" y=\"" + std::to_string(y) + "\" width=\"" +
             std::to_string(run) + "\" height=\"" + std::to_string(qr ? 1 : h) + "\"/>";
      x += run;
    }
  }
  svg += "</g></svg>";
  return BarcodeSvg{std::move(svg), w, h};
}

}  // namespace smartstore::edge::http
