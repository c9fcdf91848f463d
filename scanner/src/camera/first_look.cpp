#include "smartstore/scanner/first_look.h"

#include <algorithm>
#include <cstdlib>

namespace smartstore::scanner {
namespace {

// About 45 cells across the short side: a phone code at arm's length spans
// several, a speck of noise none.
int cell_side(int width, int height) {
  return std::clamp(std::min(width, height) / 45, 8, 32);
}

// Two sampled rows per cell row: brightness sums for the means and sharp
// steps (central differences, so a blurred edge still counts) per cell.
void scan_rows(const GreyImage& f, Glance& g, int step, std::vector<int>& sums, std::vector<int>& edges) {
  const int c = g.cell;
  for (int r = 0; r < g.rows; ++r)
    for (int y : {r * c + c / 4, r * c + 3 * c / 4}) {
      const std::uint8_t* p = f.pixels.data() + static_cast<std::ptrdiff_t>(y) * f.width;
      int* sum = sums.data() + static_cast<std::ptrdiff_t>(r) * g.columns;
      int* edge = edges.data() + static_cast<std::ptrdiff_t>(r) * g.columns;
      for (int col = 0; col < g.columns; ++col) {
        const int x0 = std::max(1, col * c), x1 = std::min(f.width - 1, (col + 1) * c);
        int s = 0, e = 0;
        for (int x = x0; x < x1; ++x) {
          s += p[x];
          e += std::abs(p[x + 1] - p[x - 1]) >= step;
        }
        sum[col] += s;
        edge[col] += e;
      }
    }
}

// Two sampled columns per cell column, walked row by row so memory is read in order.
void scan_columns(const GreyImage& f, const Glance& g, int step, std::vector<int>& edges) {
  const int c = g.cell;
  std::vector<int> xs;
  for (int col = 0; col < g.columns; ++col) xs.insert(xs.end(), {col * c + c / 4, col * c + 3 * c / 4});
  const int last_row = std::min(f.height - 1, g.rows * c);
  for (int y = 1; y < last_row; ++y) {
    const std::uint8_t* up = f.pixels.data() + static_cast<std::ptrdiff_t>(y - 1) * f.width;
    const std::uint8_t* down = up + 2 * static_cast<std::ptrdiff_t>(f.width);
    int* edge = edges.data() + static_cast<std::ptrdiff_t>(y / c) * g.columns;
    for (std::size_t i = 0; i < xs.size(); ++i) {
      const int x = xs[i];
      edge[i / 2] += std::abs(down[x] - up[x]) >= step;
    }
  }
}

}  // namespace

Glance FirstLook::glance(const GreyImage& f) const {
  Glance g;
  if (f.width < 8 || f.height < 8 || f.pixels.size() < static_cast<std::size_t>(f.width) * f.height) return g;
  g.frame_width = f.width;
  g.frame_height = f.height;
  g.cell = cell_side(f.width, f.height);
  g.columns = f.width / g.cell;
  g.rows = f.height / g.cell;
  const std::size_t n = static_cast<std::size_t>(g.columns) * static_cast<std::size_t>(g.rows);
  std::vector<int> sums(n, 0), edges(n, 0);
  scan_rows(f, g, options_.edge_step, sums, edges);
  scan_columns(f, g, options_.edge_step, edges);

  g.mean.resize(n);
  int x0 = g.columns, y0 = g.rows, x1 = -1, y1 = -1;
  for (int r = 0; r < g.rows; ++r)
    for (int col = 0; col < g.columns; ++col) {
      const std::size_t i = static_cast<std::size_t>(r) * g.columns + col;
      g.mean[i] = static_cast<std::uint8_t>(sums[i] / (2 * g.cell));
      if (edges[i] < options_.transitions_per_cell) continue;
      ++g.code_cells;
      x0 = std::min(x0, col), x1 = std::max(x1, col), y0 = std::min(y0, r), y1 = std::max(y1, r);
    }
  if (g.code_cells < options_.min_code_cells) return g;
  // Quiet zones and finder patterns' outer rings are flat: two cells of margin.
  const int margin = 2 * g.cell;
  const int left = std::max(0, x0 * g.cell - margin), top = std::max(0, y0 * g.cell - margin);
  const int right = std::min(f.width, (x1 + 1) * g.cell + margin);
  const int bottom = std::min(f.height, (y1 + 1) * g.cell + margin);
  g.code_region = {left, top, right - left, bottom - top};
  return g;
}

int FirstLook::changed_cells(const Glance& a, const Glance& b) const {
  if (a.columns != b.columns || a.rows != b.rows || a.cell != b.cell) return std::max(a.columns * a.rows, 1);
  int changed = 0;
  for (std::size_t i = 0; i < a.mean.size(); ++i)
    changed += std::abs(a.mean[i] - b.mean[i]) >= options_.change_step;
  return changed;
}

bool FirstLook::changed(const Glance& a, const Glance& b) const {
  // Two cells at least, and one in 500: a phone or a hand moves dozens.
  const int threshold = std::max(2, a.columns * a.rows / 500);
  return changed_cells(a, b) >= threshold;
}

}  // namespace smartstore::scanner
