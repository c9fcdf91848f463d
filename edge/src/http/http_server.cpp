// The only translation unit that includes Beast: it is slow to compile.
#include <utility>  // before Asio: g++ 12 + Boost 1.74 need std::exchange declared
#include "smartstore/edge/http/http_server.h"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <spdlog/spdlog.h>

#include <deque>
#include <list>
#include <optional>

#include "static_files.h"

namespace smartstore::edge::http {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;
using error_code = boost::system::error_code;

class SessionBase {
 public:
  virtual ~SessionBase() = default;
  virtual void close() = 0;
  virtual void send_event(std::shared_ptr<const std::string> frame) = 0;
  // Closes an event stream whose token the router no longer lets in.
  virtual void recheck() = 0;
  [[nodiscard]] virtual bool is_closed() const = 0;
};

}  // namespace

struct HttpServer::State {
  State(asio::io_context& io_, HttpServerOptions options_, ApiRouter& router_, HttpMetrics& metrics_)
      : io(io_), options(std::move(options_)), router(&router_), metrics(&metrics_), acceptor(io_) {}
  asio::io_context& io;
  HttpServerOptions options;
  ApiRouter* router;      // null once stopped: late handlers must not touch it
  HttpMetrics* metrics;
  tcp::acceptor acceptor;
  std::optional<asio::ssl::context> tls;
  std::size_t connections = 0;
  std::list<std::weak_ptr<SessionBase>> sessions;
  // SSE subscribers, held here: between events nothing else keeps them alive.
  std::list<std::shared_ptr<SessionBase>> streams;
  std::uint16_t bound_port = 0;
  bool stopped = false;
};

namespace {

using State = HttpServer::State;

void set_security_headers(bhttp::response<bhttp::string_body>& res) {
  res.set(bhttp::field::server, "smartstored");
  res.set(bhttp::field::cache_control, "no-store");
  res.set("X-Content-Type-Options", "nosniff");
  res.set("Referrer-Policy", "no-referrer");
  res.set("Content-Security-Policy",
          "default-src 'self'; img-src 'self' data: blob:; media-src 'self' blob:; frame-ancestors 'none'");
}

template <class Stream>
class Session : public SessionBase, public std::enable_shared_from_this<Session<Stream>> {
 public:
  Session(std::shared_ptr<State> state, Stream stream, std::string client)
      : state_(std::move(state)), stream_(std::move(stream)), client_(std::move(client)),
        heartbeat_(state_->io) {
    ++state_->connections;
  }
  ~Session() override {
    --state_->connections;
    if (streaming_ && state_->metrics) state_->metrics->stream_closed();
  }

  void run() {
    if constexpr (std::is_same_v<Stream, beast::tcp_stream>) {
      read_request();
    } else {
      beast::get_lowest_layer(stream_).expires_after(state_->options.request_timeout);
      stream_.async_handshake(asio::ssl::stream_base::server,
                              [self = this->shared_from_this()](error_code ec) {
                                if (ec) return self->close();  // plain HTTP or a failed handshake
                                self->read_request();
                              });
    }
  }

  void close() override {
    if (closed_) return;
    closed_ = true;
    heartbeat_.cancel();
    error_code ignored;
    beast::get_lowest_layer(stream_).socket().shutdown(tcp::socket::shutdown_both, ignored);
    beast::get_lowest_layer(stream_).close();
  }

  [[nodiscard]] bool is_closed() const override { return closed_; }

  void recheck() override {
    if (closed_ || !streaming_ || state_->stopped || !state_->router) return;
    if (state_->router->still_admits(stream_route_, stream_token_)) return;
    spdlog::info("http: event stream to {} closed: its session expired or its staff entry was removed",
                 client_);
    close();
  }

  void send_event(std::shared_ptr<const std::string> frame) override {
    if (closed_) return;
    if (pending_.size() >= state_->options.max_event_backlog) {
      spdlog::warn("http: event stream to {} dropped: {} events not drained", client_, pending_.size());
      return close();
    }
    pending_.push_back(std::move(frame));
    if (!writing_) write_next_event();
  }

 private:
  void read_request() {
    if (closed_ || state_->stopped) return;
    parser_.emplace();
    parser_->header_limit(static_cast<std::uint32_t>(state_->options.max_header_bytes));
    parser_->body_limit(state_->options.max_body_bytes);
    beast::get_lowest_layer(stream_).expires_after(state_->options.request_timeout);
    bhttp::async_read(stream_, buffer_, *parser_,
                      [self = this->shared_from_this()](error_code ec, std::size_t) { self->on_read(ec); });
  }

  void on_read(error_code ec) {
    if (closed_ || state_->stopped) return;
    if (ec == bhttp::error::end_of_stream || ec == asio::error::eof || ec == beast::error::timeout) return close();
    if (ec == bhttp::error::body_limit) return reply_error(413, "payload_too_large", "the body exceeds the limit");
    if (ec == bhttp::error::header_limit) return reply_error(431, "headers_too_large", "the headers exceed the limit");
    if (ec.category() == bhttp::make_error_code(bhttp::error::bad_target).category())
      return reply_error(400, "malformed_request", "the request could not be parsed");
    if (ec) return close();
    handle(parser_->release());
  }

  void reply_error(int status, const char* code, const char* message) {
    bhttp::response<bhttp::string_body> res{static_cast<bhttp::status>(status), 11};
    set_security_headers(res);
    res.set(bhttp::field::content_type, "application/json");
    res.body() = std::string("{\"error\":\"") + code + "\",\"message\":\"" + message + "\"}";
    res.keep_alive(false);
    res.prepare_payload();
    if (state_->metrics) state_->metrics->observe("?", "unparsed", status, std::chrono::nanoseconds(0));
    write(std::move(res));
  }

  void handle(bhttp::request<bhttp::string_body> req) {
    ApiRequest api;
    api.method = std::string(req.method_string());
    api.target = std::string(req.target());
    api.client = client_;
    for (const auto& f : req) {
      std::string name(f.name_string());
      for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      api.headers.emplace_back(std::move(name), std::string(f.value()));
    }
    api.body = std::move(req.body());
    const std::string path = api.target.substr(0, api.target.find('?'));

    bhttp::response<bhttp::string_body> res{bhttp::status::ok, req.version()};
    set_security_headers(res);
    if (ApiRouter::is_api_path(path)) {
      ApiResponse out = state_->router->handle(api);
      if (out.event_stream) return start_event_stream(std::move(out.stream_token), out.route);
      res.result(static_cast<unsigned>(out.status));
      res.set(bhttp::field::content_type, out.content_type);
      for (const auto& [k, v] : out.headers) res.set(k, v);
      res.body() = std::move(out.body);
    } else if (req.method() != bhttp::verb::get && req.method() != bhttp::verb::head) {
      res.result(bhttp::status::method_not_allowed);
      res.set(bhttp::field::allow, "GET");
      res.set(bhttp::field::content_type, "text/plain");
      res.body() = "method not allowed\n";
    } else if (auto file = load_static_file(state_->options.web_dir, path)) {
      res.set(bhttp::field::content_type, file->content_type);
      res.set(bhttp::field::cache_control, "no-cache");
      res.body() = std::move(file->body);
      if (state_->metrics) state_->metrics->observe(api.method, "static", 200, std::chrono::nanoseconds(0));
    } else {
      res.result(bhttp::status::not_found);
      res.set(bhttp::field::content_type, "text/plain");
      res.body() = "not found\n";
      if (state_->metrics) state_->metrics->observe(api.method, "static", 404, std::chrono::nanoseconds(0));
    }
    res.keep_alive(req.keep_alive());
    res.prepare_payload();
    if (req.method() == bhttp::verb::head) res.body().clear();
    write(std::move(res));
  }

  void write(bhttp::response<bhttp::string_body> res) {
    auto owned = std::make_shared<bhttp::response<bhttp::string_body>>(std::move(res));
    beast::get_lowest_layer(stream_).expires_after(state_->options.request_timeout);
    bhttp::async_write(stream_, *owned, [self = this->shared_from_this(), owned](error_code ec, std::size_t) {
      if (ec || !owned->keep_alive()) return self->close();
      self->read_request();
    });
  }

  // The response header goes out once; the body is an unending sequence of
  // events, so the connection is closed rather than reused afterwards.
  void start_event_stream(std::string token, std::string route) {
    streaming_ = true;
    stream_token_ = std::move(token);
    stream_route_ = std::move(route);
    if (state_->metrics) state_->metrics->stream_opened();
    std::erase_if(state_->streams, [](const auto& s) { return s->is_closed(); });
    state_->streams.push_back(this->shared_from_this());
    send_event(std::make_shared<const std::string>(
        "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\n"
        "X-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\nretry: 2000\n: connected\n\n"));
    schedule_heartbeat();
  }

  void schedule_heartbeat() {
    heartbeat_.expires_after(state_->options.event_heartbeat);
    heartbeat_.async_wait([weak = this->weak_from_this()](error_code ec) {
      auto self = weak.lock();
      if (ec || !self || self->closed_) return;
      self->recheck();
      if (self->closed_) return;
      self->send_event(std::make_shared<const std::string>(": ping\n\n"));
      self->schedule_heartbeat();
    });
  }

  void write_next_event() {
    if (closed_ || pending_.empty()) return;
    writing_ = true;
    auto frame = pending_.front();
    beast::get_lowest_layer(stream_).expires_after(state_->options.request_timeout);
    asio::async_write(stream_, asio::buffer(*frame), [self = this->shared_from_this(), frame](error_code ec, std::size_t) {
      self->writing_ = false;
      if (ec) return self->close();
      beast::get_lowest_layer(self->stream_).expires_never();
      self->pending_.pop_front();
      self->write_next_event();
    });
  }

  std::shared_ptr<State> state_;
  Stream stream_;
  std::string client_;
  beast::flat_buffer buffer_;
  std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
  asio::steady_timer heartbeat_;
  std::deque<std::shared_ptr<const std::string>> pending_;
  bool writing_ = false;
  bool streaming_ = false;
  std::string stream_token_, stream_route_;
  bool closed_ = false;
};

void accept_next(const std::shared_ptr<State>& state) {
  state->acceptor.async_accept([state](error_code ec, tcp::socket socket) {
    if (state->stopped) return;
    if (ec) {
      spdlog::warn("http: accept failed: {}", ec.message());
      return accept_next(state);
    }
    if (state->connections >= state->options.max_connections) {
      if (state->metrics) state->metrics->connection_refused();
      error_code ignored;
      socket.close(ignored);
      return accept_next(state);
    }
    error_code ep_ec;
    auto remote = socket.remote_endpoint(ep_ec);
    std::string client = ep_ec ? "unknown" : remote.address().to_string();
    socket.set_option(tcp::no_delay(true), ep_ec);
    std::erase_if(state->sessions, [](const auto& w) { return w.expired(); });
    if (state->tls) {
      auto s = std::make_shared<Session<beast::ssl_stream<beast::tcp_stream>>>(
          state, beast::ssl_stream<beast::tcp_stream>(beast::tcp_stream(std::move(socket)), *state->tls),
          std::move(client));
      state->sessions.push_back(s);
      s->run();
    } else {
      auto s = std::make_shared<Session<beast::tcp_stream>>(state, beast::tcp_stream(std::move(socket)),
                                                            std::move(client));
      state->sessions.push_back(s);
      s->run();
    }
    accept_next(state);
  });
}

bool is_loopback(const asio::ip::address& a) { return a.is_loopback(); }

}  // namespace

HttpServer::HttpServer(asio::io_context& io, HttpServerOptions options, ApiRouter& router, HttpMetrics& metrics)
    : state_(std::make_shared<State>(io, std::move(options), router, metrics)) {}

HttpServer::~HttpServer() { stop(); }

void HttpServer::start() {
  auto& o = state_->options;
  error_code ec;
  auto address = asio::ip::make_address(o.listen_address, ec);
  if (ec) throw std::runtime_error("http: bad listen address \"" + o.listen_address + "\"");
  const bool tls = !o.tls_cert_file.empty() || !o.tls_key_file.empty();
  if (!tls && !is_loopback(address))
    throw std::runtime_error("http: plain HTTP only on loopback; configure tls_cert_file and tls_key_file to listen on " +
                             o.listen_address);
  if (tls) {
    state_->tls.emplace(asio::ssl::context::tls_server);
    auto& ctx = *state_->tls;
    ctx.set_options(asio::ssl::context::default_workarounds | asio::ssl::context::no_sslv2 |
                    asio::ssl::context::no_sslv3 | asio::ssl::context::no_tlsv1 | asio::ssl::context::no_tlsv1_1 |
                    asio::ssl::context::single_dh_use);
    ctx.use_certificate_chain_file(o.tls_cert_file.string(), ec);
    if (ec) throw std::runtime_error("http: cannot load TLS certificate " + o.tls_cert_file.string() + ": " + ec.message());
    ctx.use_private_key_file(o.tls_key_file.string(), asio::ssl::context::pem, ec);
    if (ec) throw std::runtime_error("http: cannot load TLS key " + o.tls_key_file.string() + ": " + ec.message());
  }
  tcp::endpoint endpoint(address, o.port);
  auto& acc = state_->acceptor;
  acc.open(endpoint.protocol(), ec);
  if (!ec) acc.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) acc.bind(endpoint, ec);
  if (!ec) acc.listen(asio::socket_base::max_listen_connections, ec);
  if (ec)
    throw std::runtime_error("http: cannot listen on " + o.listen_address + ":" + std::to_string(o.port) + ": " +
                             ec.message());
  state_->bound_port = acc.local_endpoint().port();
  spdlog::info("http: listening on {}://{}:{} (web pages from {})", tls ? "https" : "http", o.listen_address,
               state_->bound_port, o.web_dir.empty() ? "nowhere" : o.web_dir.string());
  accept_next(state_);
}

void HttpServer::stop() {
  auto& s = *state_;
  if (s.stopped) return;
  s.stopped = true;
  error_code ignored;
  s.acceptor.close(ignored);
  for (auto& w : s.sessions)
    if (auto session = w.lock()) session->close();
  s.sessions.clear();
  s.streams.clear();
  s.router = nullptr;
  s.metrics = nullptr;
}

std::uint16_t HttpServer::port() const { return state_->bound_port; }

void HttpServer::recheck_streams() {
  asio::post(state_->io, [state = state_] {
    if (state->stopped) return;
    for (auto& session : state->streams) session->recheck();
    std::erase_if(state->streams, [](const auto& s) { return s->is_closed(); });
  });
}

void HttpServer::publish_event(const std::string& event_name, const std::string& json_data) {
  auto frame = std::make_shared<const std::string>("event: " + event_name + "\ndata: " + json_data + "\n\n");
  asio::post(state_->io, [state = state_, frame] {
    if (state->stopped) return;
    std::erase_if(state->streams, [](const auto& s) { return s->is_closed(); });
    for (auto& session : state->streams) session->send_event(frame);
  });
}

}  // namespace smartstore::edge::http
