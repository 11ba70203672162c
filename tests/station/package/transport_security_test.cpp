// Attacks on the way a package leaves the station: an endpoint that only looks like loopback,
// a server whose Location sends the token and the package to another host, a token put where
// other users can read it, and two uploaders racing for the same job. Label: security.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <fstream>
#include <thread>

#include "station/package/lab_token.h"
#include "station/package/outbox.h"
#include "station/package/tus_transport.h"
#include "station/package/uploader.h"
#include "tests/station/package/test_support.h"

namespace intake::package {
namespace {

using test::TempDir;
namespace fs = std::filesystem;
using namespace std::chrono_literals;

TEST(TransportSecurity, PlainHttpOnlyToARealLoopbackAddress) {
    for (const char* good :
         {"http://127.0.0.1:1080/files/", "http://127.9.8.7/files/", "http://localhost:8080/files/",
          "http://[::1]:8080/files/", "https://lab.example.com/files/"}) {
        EXPECT_TRUE(check_endpoint(good)) << good;
    }
    // Names that merely start like a loopback address resolve wherever their owner wants.
    for (const char* bad : {"http://127.evil.com/files/", "http://127.0.0.1.evil.com/files/",
                            "http://localhost.evil.com/files/", "http://127.0.0.1@evil.com/files/",
                            "http://[::ffff:10.0.0.1]/files/", "http://10.0.0.1/files/",
                            "ftp://127.0.0.1/x", "file:///etc/passwd"}) {
        auto st = check_endpoint(bad);
        ASSERT_FALSE(st) << bad;
        EXPECT_EQ(st.error().code, Errc::invalid_argument) << bad;
    }
}

TEST(TransportSecurity, LocationMustKeepSchemeHostAndPort) {
    const std::string ep = "https://lab.example.com/files/";
    EXPECT_TRUE(check_same_origin(ep, "https://lab.example.com/files/abc"));
    EXPECT_TRUE(check_same_origin(ep, "https://LAB.example.com:443/files/abc"));
    for (const char* bad :
         {"https://evil.example.com/files/abc", "http://lab.example.com/files/a",
          "https://lab.example.com:8443/files/a", "https://lab.example.com.evil.com/files/a"}) {
        auto st = check_same_origin(ep, bad);
        ASSERT_FALSE(st) << bad;
        EXPECT_NE(st.error().message.find(bad), std::string::npos) << st.error().message;
        EXPECT_NE(st.error().message.find("lab.example.com:443"), std::string::npos);
    }
}

// A listening socket on 127.0.0.1 with an ephemeral port; counts the requests it accepts and
// answers each with `answer`.
class RawServer {
  public:
    explicit RawServer(std::string answer) : answer_(std::move(answer)) {
        fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        sockaddr_in a{};
        a.sin_family = AF_INET;
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        ::bind(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a);
        ::listen(fd_, 8);
        socklen_t len = sizeof a;
        ::getsockname(fd_, reinterpret_cast<sockaddr*>(&a), &len);
        port_ = ntohs(a.sin_port);
        thread_ = std::thread([this] { serve(); });
    }
    ~RawServer() {
        stop_ = true;
        thread_.join();
        ::close(fd_);
    }
    int port() const { return port_; }
    int requests() const { return requests_.load(); }
    std::string last_request() const { return last_; }

  private:
    void serve() {
        while (!stop_) {
            pollfd p{fd_, POLLIN, 0};
            if (::poll(&p, 1, 50) <= 0) continue;
            int c = ::accept4(fd_, nullptr, nullptr, SOCK_CLOEXEC);
            if (c < 0) continue;
            std::string request;
            char buf[4096];
            while (request.find("\r\n\r\n") == std::string::npos) {
                pollfd q{c, POLLIN, 0};
                if (::poll(&q, 1, 2000) <= 0) break;
                ssize_t n = ::read(c, buf, sizeof buf);
                if (n <= 0) break;
                request.append(buf, static_cast<size_t>(n));
            }
            last_ = request;
            ++requests_;
            (void)!::write(c, answer_.data(), answer_.size());
            ::close(c);
        }
    }
    std::string answer_;
    int fd_ = -1;
    int port_ = 0;
    std::atomic<bool> stop_{false};
    std::atomic<int> requests_{0};
    std::string last_;
    std::thread thread_;
};

std::string created_at(const std::string& location) {
    return "HTTP/1.1 201 Created\r\nTus-Resumable: 1.0.0\r\nLocation: " + location +
           "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
}

void queue_package(const fs::path& home, size_t n, unsigned seed) {
    auto key = load_or_create_station_key(home).value();
    auto pkg = home / ("pkg-" + std::to_string(seed) + ".zip");
    ASSERT_TRUE(write_package(test::sized_request(n, seed), key, pkg));
    auto box = Outbox::open(home);
    ASSERT_TRUE(box);
    auto job = box->add(pkg);
    ASSERT_TRUE(job) << job.error().to_string();
}

// The lab's server (or whoever answers in its name) points the upload at another port: the
// token and the package must not follow, and the job stays queued (a configuration problem).
TEST(TransportSecurity, LocationToAnotherHostFailsAndNothingIsSentThere) {
    TempDir home;
    queue_package(home.path(), 200'000, 1);
    RawServer elsewhere("HTTP/1.1 204 No Content\r\nContent-Length: 0\r\n\r\n");
    RawServer lab(created_at("http://127.0.0.1:" + std::to_string(elsewhere.port()) + "/files/x"));
    std::string endpoint = "http://127.0.0.1:" + std::to_string(lab.port()) + "/files/";
    auto tus = TusTransport::create_client({.endpoint = endpoint, .bearer_token = "s3cret"});
    ASSERT_TRUE(tus);
    auto box = Outbox::open(home.path());
    std::atomic<bool> stop{false};
    auto summary = upload_pending(*box, **tus, UploadPolicy{}, stop);
    ASSERT_TRUE(summary);
    EXPECT_EQ(summary->uploaded, 0);
    EXPECT_EQ(summary->deferred, 1);
    EXPECT_NE(summary->last_error.find(std::to_string(elsewhere.port())), std::string::npos)
        << summary->last_error;
    EXPECT_NE(summary->last_error.find(std::to_string(lab.port())), std::string::npos);
    EXPECT_EQ(lab.requests(), 1);
    EXPECT_EQ(elsewhere.requests(), 0) << "the token followed the Location";
    auto job = box->jobs()->front();
    EXPECT_EQ(job.state, JobState::queued);
    EXPECT_TRUE(job.upload_url.empty());
}

TEST(TransportSecurity, TokenWithControlCharactersCannotForgeHeaders) {
    auto t = TusTransport::create_client(
        {.endpoint = "http://127.0.0.1:1/files/", .bearer_token = "x\r\nX-Evil: 1"});
    ASSERT_FALSE(t);
    EXPECT_EQ(t.error().code, Errc::invalid_argument);
    ::setenv("INTAKE_LAB_TOKEN", "abc\r\nX-Evil: 1", 1);
    auto env = resolve_lab_token();
    ::unsetenv("INTAKE_LAB_TOKEN");
    ASSERT_FALSE(env);
    EXPECT_NE(env.error().message.find("INTAKE_LAB_TOKEN"), std::string::npos);
}

void write_text(const fs::path& p, const std::string& text, mode_t mode) {
    std::ofstream(p) << text;
    ::chmod(p.c_str(), mode);
}

TEST(TransportSecurity, TokenFileReadableByOthersIsRefused) {
    TempDir d;
    auto file = d.path() / "lab-token";
    write_text(file, "s3cret\n", 0644);
    auto refused = resolve_lab_token(file);
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, Errc::access_denied);
    EXPECT_NE(refused.error().message.find("0644"), std::string::npos);
    EXPECT_NE(refused.error().message.find(file.string()), std::string::npos);
    ::chmod(file.c_str(), 0600);
    auto token = resolve_lab_token(file);
    ASSERT_TRUE(token) << token.error().to_string();
    EXPECT_EQ(*token, "s3cret");
}

TEST(TransportSecurity, TokenFromEnvironmentThenSystemdCredentials) {
    TempDir d;
    ::unsetenv("INTAKE_LAB_TOKEN");
    ::setenv("CREDENTIALS_DIRECTORY", d.path().c_str(), 1);
    write_text(d.path() / "lab-token", "from-systemd\n", 0400);
    auto creds = resolve_lab_token();
    ::setenv("INTAKE_LAB_TOKEN", "from-env", 1);
    auto env = resolve_lab_token();
    ::unsetenv("INTAKE_LAB_TOKEN");
    ::unsetenv("CREDENTIALS_DIRECTORY");
    ASSERT_TRUE(creds);
    EXPECT_EQ(*creds, "from-systemd");
    ASSERT_TRUE(env);
    EXPECT_EQ(*env, "from-env");
    auto none = resolve_lab_token();
    ASSERT_TRUE(none);
    EXPECT_TRUE(none->empty());
}

// Two uploaders in two processes: the second cannot claim a job the first holds; a killed
// holder's claim is taken over at once (it is dead), not after the lease runs out.
TEST(OutboxLease, SecondUploaderCannotClaimAHeldJobButTakesOverADeadOne) {
    TempDir home;
    queue_package(home.path(), 10'000, 2);
    int to_child[2], to_parent[2];
    ASSERT_EQ(::pipe(to_child), 0);
    ASSERT_EQ(::pipe(to_parent), 0);
    pid_t pid = ::fork();
    if (pid == 0) {
        auto box = Outbox::open(home.path());
        char ok = box && box->claim(1).value_or(false) ? 'y' : 'n';
        (void)!::write(to_parent[1], &ok, 1);
        char go;
        (void)!::read(to_child[0], &go, 1);  // hold the claim until the parent has tried
        ::_exit(0);                          // dies holding it, like kill -9
    }
    char claimed = 0;
    ASSERT_EQ(::read(to_parent[0], &claimed, 1), 1);
    EXPECT_EQ(claimed, 'y');
    auto box = Outbox::open(home.path());
    ASSERT_TRUE(box);
    auto mine = box->claim(1);
    ASSERT_TRUE(mine);
    EXPECT_FALSE(*mine) << "a second uploader claimed a job a live one holds";
    std::atomic<bool> stop{false};
    auto tus = TusTransport::create_client({.endpoint = "http://127.0.0.1:1/files/"});
    auto pass = upload_pending(*box, **tus, UploadPolicy{}, stop);
    ASSERT_TRUE(pass);
    EXPECT_EQ(pass->deferred, 1);
    EXPECT_EQ(box->jobs()->front().attempts, 0) << "it tried to send a job held elsewhere";
    (void)!::write(to_child[1], "g", 1);
    int status = 0;
    ::waitpid(pid, &status, 0);
    auto taken = box->claim(1);
    ASSERT_TRUE(taken);
    EXPECT_TRUE(*taken) << "the dead holder's claim was not taken over";
    EXPECT_EQ(box->jobs()->front().claimed_by, box->owner());
    ASSERT_TRUE(box->release(1));
    EXPECT_TRUE(box->jobs()->front().claimed_by.empty());
}

TEST(OutboxRetry, OnlyAFailedJobGoesBackToTheQueue) {
    TempDir home;
    queue_package(home.path(), 10'000, 3);
    auto box = Outbox::open(home.path());
    auto queued = box->retry(1);
    ASSERT_FALSE(queued);
    EXPECT_EQ(queued.error().code, Errc::conflict);
    ASSERT_TRUE(box->mark_failed(1, "server-refused: 413"));
    auto again = box->retry(1);
    ASSERT_TRUE(again) << again.error().to_string();
    EXPECT_EQ(again->state, JobState::queued);
    EXPECT_TRUE(again->last_error.empty());
    EXPECT_EQ(again->attempts, 0);
    EXPECT_FALSE(box->retry(42));
}

}  // namespace
}  // namespace intake::package
