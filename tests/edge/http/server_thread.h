#pragma once
// A started HttpServer on an ephemeral loopback port, its io_context run by a
// thread of its own, stopped on that thread when the test ends.
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/post.hpp>
#include <utility>  // before Asio: g++ 12 + Boost 1.74 need std::exchange declared

#include <memory>
#include <thread>

#include "smartstore/edge/http/http_server.h"

namespace smartstore::testing {

struct ServerThread {
  boost::asio::io_context io;
  std::unique_ptr<edge::http::HttpServer> server;
  std::thread thread;

  ServerThread(edge::http::HttpServerOptions options, edge::http::ApiRouter& router,
               edge::http::HttpMetrics& metrics) {
    server = std::make_unique<edge::http::HttpServer>(io, std::move(options), router, metrics);
    server->start();
    thread = std::thread([this] {
      auto guard = boost::asio::make_work_guard(io);
      io.run();
    });
  }
  ~ServerThread() {
    boost::asio::post(io, [this] {
      server->stop();
      io.stop();
    });
    thread.join();
  }
  ServerThread(const ServerThread&) = delete;
  ServerThread& operator=(const ServerThread&) = delete;
};

}  // namespace smartstore::testing
