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

Error V4l2Camera::failure(ErrorKind kind, std::string_view call, int err) const {
  return {kind, device_ + ": " + std::string(call) + ": " + std::strerror(err), "scanner"};
}

namespace {
Failure unusable(const std::string& dev, std::string_view why) {
  return fail(ErrorKind::unsupported, dev + ": " + std::string(why), "scanner");
}
}  // namespace

Result<std::unique_ptr<V4l2Camera>> V4l2Camera::open(const CameraOptions& options) {
  const std::string& dev = options.device;
  const int fd = ::open(dev.c_str(), O_RDWR | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) return fail(ErrorKind::unavailable, dev + ": open: " + std::strerror(errno), "scanner");
  std::unique_ptr<V4l2Camera> cam(new V4l2Camera(dev, fd));

  struct stat st {};
  if (::fstat(fd, &st) != 0) return cam->failure(ErrorKind::unavailable, "fstat", errno);
  if (!S_ISCHR(st.st_mode)) return unusable(dev, "not a character device (a V4L2 camera is /dev/videoN)");

  v4l2_capability cap{};
  if (xioctl(fd, VIDIOC_QUERYCAP, &cap) != 0)
    return cam->failure(ErrorKind::unsupported, "VIDIOC_QUERYCAP (not a V4L2 device?)", errno);
  const std::uint32_t caps = (cap.capabilities & V4L2_CAP_DEVICE_CAPS) ? cap.device_caps : cap.capabilities;
  if (!(caps & V4L2_CAP_VIDEO_CAPTURE)) return unusable(dev, "VIDIOC_QUERYCAP: no video capture");
  if (!(caps & V4L2_CAP_STREAMING)) return unusable(dev, "VIDIOC_QUERYCAP: no streaming I/O");

  if (Status format = cam->set_format(options); !format) return std::move(format).error();
  if (Status mapped = cam->map_buffers(options.buffers); !mapped) return std::move(mapped).error();
  v4l2_buf_type type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
  if (xioctl(fd, VIDIOC_STREAMON, &type) != 0)
    return cam->failure(ErrorKind::unavailable, "VIDIOC_STREAMON", errno);
  cam->streaming_ = true;
  return cam;
}

Status V4l2Camera::set_format(const CameraOptions& options) {
  int last_errno = 0;
  for (std::uint32_t want : options.formats) {
    v4l2_format fmt{};
    fmt.type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
    fmt.fmt.pix.width = static_cast<std::uint32_t>(options.width);
    fmt.fmt.pix.height = static_cast<std::uint32_t>(options.height);
    fmt.fmt.pix.pixelformat = want;
    fmt.fmt.pix.field = V4L2_FIELD_NONE;
    if (xioctl(fd_, VIDIOC_S_FMT, &fmt) != 0) {
      last_errno = errno;
      continue;
    }
    // Drivers answer with what they can do; accept only formats we convert.
    if (fmt.fmt.pix.pixelformat != want) continue;
    width_ = static_cast<int>(fmt.fmt.pix.width);
    height_ = static_cast<int>(fmt.fmt.pix.height);
    bytes_per_line_ = static_cast<int>(fmt.fmt.pix.bytesperline);
    format_ = want;
    return ok();
  }
  if (last_errno) return failure(ErrorKind::unavailable, "VIDIOC_S_FMT", last_errno);
  return unusable(device_, "VIDIOC_S_FMT: none of YUYV, GREY, MJPG offered");
}

Status V4l2Camera::map_buffers(int count) {
  v4l2_requestbuffers req{};
  req.count = static_cast<std::uint32_t>(count > 1 ? count : 2);
  req.type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
  req.memory = V4L2_MEMORY_MMAP;
  if (xioctl(fd_, VIDIOC_REQBUFS, &req) != 0) return failure(ErrorKind::unavailable, "VIDIOC_REQBUFS", errno);
  if (req.count < 2) return unusable(device_, "VIDIOC_REQBUFS: fewer than 2 buffers granted");

  for (std::uint32_t i = 0; i < req.count; ++i) {
    v4l2_buffer buf{};
    buf.type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
    buf.memory = V4L2_MEMORY_MMAP;
    buf.index = i;
    if (xioctl(fd_, VIDIOC_QUERYBUF, &buf) != 0)
      return failure(ErrorKind::unavailable, "VIDIOC_QUERYBUF", errno);
    void* start = ::mmap(nullptr, buf.length, PROT_READ | PROT_WRITE, MAP_SHARED, fd_, buf.m.offset);
    if (start == MAP_FAILED) return failure(ErrorKind::unavailable, "mmap", errno);
    buffers_.push_back({start, buf.length});
    if (xioctl(fd_, VIDIOC_QBUF, &buf) != 0) return failure(ErrorKind::unavailable, "VIDIOC_QBUF", errno);
  }
  return ok();
}

V4l2Camera::~V4l2Camera() {
  if (streaming_) {
    v4l2_buf_type type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
    xioctl(fd_, VIDIOC_STREAMOFF, &type);
  }
  for (const auto& m : buffers_) ::munmap(m.start, m.length);
  if (fd_ >= 0) ::close(fd_);
}

std::string V4l2Camera::describe() const {
  return device_ + ": " + std::to_string(width_) + "x" + std::to_string(height_) + " " + fourcc_name(format_);
}

Result<std::optional<GreyImage>> V4l2Camera::next_frame(int timeout_ms) {
  pollfd p{fd_, POLLIN, 0};
  const int ready = ::poll(&p, 1, timeout_ms);
  // A failed poll says nothing about the device: not unavailable, the caller just tries again.
  if (ready < 0) return failure(ErrorKind::internal, "poll", errno);
  if (ready == 0) return std::optional<GreyImage>();

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
      return failure(ErrorKind::unavailable, "VIDIOC_DQBUF", err);
    }
    if (newest) {
      xioctl(fd_, VIDIOC_QBUF, &*newest);
      ++skipped_;
    }
    newest = buf;
  }
  if (!newest) return std::optional<GreyImage>();

  Result<GreyImage> image =
      fail(ErrorKind::invalid_input, device_ + ": VIDIOC_DQBUF: corrupted buffer", "scanner");
  if (newest->index < buffers_.size() && !(newest->flags & V4L2_BUF_FLAG_ERROR)) {
    const auto& m = buffers_[newest->index];
    const CapturedBuffer captured{static_cast<const std::uint8_t*>(m.start),
                                  std::min<std::size_t>(newest->bytesused, m.length),
                                  width_,
                                  height_,
                                  bytes_per_line_,
                                  format_};
    image = grey_from_capture(captured);
    if (!image) image = image.error().context(device_);
  }
  // A buffer the driver will not take back only shortens the ring; a device
  // that went away fails the next DQBUF. The frame in hand is good either way.
  xioctl(fd_, VIDIOC_QBUF, &*newest);
  if (!image) return std::move(image).error();
  last_ = static_cast<long>(newest->sequence);
  return std::optional<GreyImage>(std::move(*image));
}

}  // namespace smartstore::scanner
