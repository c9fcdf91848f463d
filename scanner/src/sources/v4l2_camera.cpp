// The device side of V4L2 capture: open, QUERYCAP, S_FMT, REQBUFS + mmap,
// STREAMON, DQBUF/QBUF. Kept thin (no camera on the build machines); the
// conversion behind it is camera_frame.cpp.
#include "smartstore/scanner/v4l2_camera.h"

#include <fcntl.h>
#include <linux/videodev2.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace smartstore::scanner {
namespace {

int xioctl(int fd, unsigned long request, void* arg) {
  int r;
  do {
    r = ::ioctl(fd, request, arg);
  } while (r == -1 && errno == EINTR);
  return r;
}

}  // namespace

std::string V4l2Camera::error(const char* call, int err) const {
  return device_ + ": " + call + ": " + std::strerror(err);
}

CameraOpen V4l2Camera::open(const CameraOptions& options) {
  const std::string& dev = options.device;
  const int fd = ::open(dev.c_str(), O_RDWR | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) return {nullptr, dev + ": open: " + std::strerror(errno)};
  std::unique_ptr<V4l2Camera> cam(new V4l2Camera(dev, fd));

  struct stat st {};
  if (::fstat(fd, &st) != 0) return {nullptr, cam->error("fstat", errno)};
  if (!S_ISCHR(st.st_mode)) return {nullptr, dev + ": not a character device (a V4L2 camera is /dev/videoN)"};

  v4l2_capability cap{};
  if (xioctl(fd, VIDIOC_QUERYCAP, &cap) != 0) return {nullptr, cam->error("VIDIOC_QUERYCAP (not a V4L2 device?)", errno)};
  const std::uint32_t caps = (cap.capabilities & V4L2_CAP_DEVICE_CAPS) ? cap.device_caps : cap.capabilities;
  if (!(caps & V4L2_CAP_VIDEO_CAPTURE)) return {nullptr, dev + ": VIDIOC_QUERYCAP: no video capture"};
  if (!(caps & V4L2_CAP_STREAMING)) return {nullptr, dev + ": VIDIOC_QUERYCAP: no streaming I/O"};

  bool format_set = false;
  int last_errno = 0;
  for (std::uint32_t want : options.formats) {
    v4l2_format fmt{};
    fmt.type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
    fmt.fmt.pix.width = static_cast<std::uint32_t>(options.width);
    fmt.fmt.pix.height = static_cast<std::uint32_t>(options.height);
    fmt.fmt.pix.pixelformat = want;
    fmt.fmt.pix.field = V4L2_FIELD_NONE;
    if (xioctl(fd, VIDIOC_S_FMT, &fmt) != 0) {
      last_errno = errno;
      continue;
    }
    // Drivers answer with what they can do; accept only formats we convert.
    if (fmt.fmt.pix.pixelformat != want) continue;
    cam->width_ = static_cast<int>(fmt.fmt.pix.width);
    cam->height_ = static_cast<int>(fmt.fmt.pix.height);
    cam->bytes_per_line_ = static_cast<int>(fmt.fmt.pix.bytesperline);
    cam->format_ = want;
    format_set = true;
    break;
  }
  if (!format_set)
    return {nullptr, last_errno ? cam->error("VIDIOC_S_FMT", last_errno)
                                : dev + ": VIDIOC_S_FMT: none of YUYV, GREY, MJPG offered"};

  v4l2_requestbuffers req{};
  req.count = static_cast<std::uint32_t>(options.buffers > 1 ? options.buffers : 2);
  req.type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
  req.memory = V4L2_MEMORY_MMAP;
  if (xioctl(fd, VIDIOC_REQBUFS, &req) != 0) return {nullptr, cam->error("VIDIOC_REQBUFS", errno)};
  if (req.count < 2) return {nullptr, dev + ": VIDIOC_REQBUFS: fewer than 2 buffers granted"};

  for (std::uint32_t i = 0; i < req.count; ++i) {
    v4l2_buffer buf{};
    buf.type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
    buf.memory = V4L2_MEMORY_MMAP;
    buf.index = i;
    if (xioctl(fd, VIDIOC_QUERYBUF, &buf) != 0) return {nullptr, cam->error("VIDIOC_QUERYBUF", errno)};
    void* start = ::mmap(nullptr, buf.length, PROT_READ | PROT_WRITE, MAP_SHARED, fd, buf.m.offset);
    if (start == MAP_FAILED) return {nullptr, cam->error("mmap", errno)};
    cam->buffers_.push_back({start, buf.length});
    if (xioctl(fd, VIDIOC_QBUF, &buf) != 0) return {nullptr, cam->error("VIDIOC_QBUF", errno)};
  }
  v4l2_buf_type type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
  if (xioctl(fd, VIDIOC_STREAMON, &type) != 0) return {nullptr, cam->error("VIDIOC_STREAMON", errno)};
  cam->streaming_ = true;
  return {std::move(cam), {}};
}

V4l2Camera::~V4l2Camera() {
  if (streaming_) {
    v4l2_buf_type type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
    xioctl(fd_, VIDIOC_STREAMOFF, &type);
  }
  for (const auto& m : buffers_) ::munmap(m.start, m.length);
  if (fd_ >= 0) ::close(fd_);
}

CameraFrame V4l2Camera::next_frame(int timeout_ms) {
  pollfd p{fd_, POLLIN, 0};
  const int ready = ::poll(&p, 1, timeout_ms);
  if (ready < 0) return {std::nullopt, false, error("poll", errno)};
  if (ready == 0) return {std::nullopt, true, {}};

  // Take every filled buffer, keep the newest, give the rest straight back.
  std::optional<v4l2_buffer> newest;
  for (;;) {
    v4l2_buffer buf{};
    buf.type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
    buf.memory = V4L2_MEMORY_MMAP;
    if (xioctl(fd_, VIDIOC_DQBUF, &buf) != 0) {
      if (errno == EAGAIN) break;
      const int err = errno;
      if (newest) xioctl(fd_, VIDIOC_QBUF, &*newest);
      return {std::nullopt, false, error("VIDIOC_DQBUF", err), true};
    }
    if (newest) xioctl(fd_, VIDIOC_QBUF, &*newest);
    newest = buf;
  }
  if (!newest) return {std::nullopt, true, {}};

  CameraFrame out;
  if (newest->index >= buffers_.size() || (newest->flags & V4L2_BUF_FLAG_ERROR)) {
    out.error = device_ + ": VIDIOC_DQBUF: corrupted buffer";
  } else {
    const auto& m = buffers_[newest->index];
    CapturedBuffer captured{static_cast<const std::uint8_t*>(m.start),
                            std::min<std::size_t>(newest->bytesused, m.length),
                            width_,
                            height_,
                            bytes_per_line_,
                            format_};
    auto converted = grey_from_capture(captured);
    out.image = std::move(converted.image);
    if (!out.image) out.error = device_ + ": " + converted.error;
  }
  if (xioctl(fd_, VIDIOC_QBUF, &*newest) != 0 && out.error.empty()) out.error = error("VIDIOC_QBUF", errno);
  return out;
}

}  // namespace smartstore::scanner
