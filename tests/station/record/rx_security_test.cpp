// A crafted prescription must not take the station down: std::regex recurses per character
// and backtracks quadratically over long runs, so a megabyte "note" once crashed `rx check`
// (stack overflow) or ran for minutes. These attempts go through the real binary; each must
// end normally within the test's timeout with the findings as JSON.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>

#include "base/atomic_file.h"
#include "tests/support/cli_runner.h"

namespace {

namespace fs = std::filesystem;
using intake::test::shell_quote;

class RxHostileText : public ::testing::Test {
  protected:
    void SetUp() override {
        dir_ = fs::temp_directory_path() / ("intake-rx-hostile-" + std::to_string(::getpid()));
        fs::remove_all(dir_);
        fs::create_directories(dir_);
    }
    void TearDown() override { fs::remove_all(dir_); }

    // Checks a prescription whose free text is `text`; returns the JSON report.
    nlohmann::json check(const std::string& text) {
        return check_document(nlohmann::json{{"free_text", text}});
    }

    nlohmann::json check_document(const nlohmann::json& doc) {
        const fs::path file = dir_ / "rx.json";
        EXPECT_TRUE(intake::write_file_atomic(file, doc.dump()));
        auto run = intake::test::run_intake("rx check " + shell_quote(file) + " --json", dir_,
                                            {.home = dir_});
        EXPECT_TRUE(run.code == 0 || run.code == 1) << "exit " << run.code << ": " << run.err;
        auto j = nlohmann::json::parse(run.out, nullptr, false);
        EXPECT_FALSE(j.is_discarded()) << run.out.substr(0, 200);
        return j;
    }

    fs::path dir_;
};

bool warns(const nlohmann::json& j, const std::string& part) {
    for (const auto& w : j["warnings"]) {
        if (w.get<std::string>().find(part) != std::string::npos) return true;
    }
    return false;
}

TEST_F(RxHostileText, AMegabyteNoteIsReadOnlyAtItsHead) {
    // The clause's lazy "button ... <tooth>" search used to recurse once per character.
    const auto j =
        check("extrude 24 0.5mm. class II elastics 13 to 46 button " + std::string(1 << 20, 'a'));
    ASSERT_TRUE(j.contains("understood"));
    EXPECT_EQ(j["understood"][0]["movement"], "extrude");
    EXPECT_TRUE(warns(j, "bytes were read for instructions; the lab gets all of it"));
}

TEST_F(RxHostileText, LongRunsUnderTheReadLimitDoNotBacktrack) {
    // 16 KB runs of digits and blanks inside one clause: quadratic backtracking took minutes.
    for (const std::string& run : {std::string(16000, '1'), std::string(16000, ' '),
                                   std::string(8000, '1') + std::string(8000, ' ') + "mm"}) {
        const auto j = check("extrude 24 " + run + " 0.5mm and rotate 13 mesially 10 degrees");
        ASSERT_TRUE(j.contains("understood"));
        EXPECT_EQ(j["understood"].size(), 2u) << j["warnings"].dump();
    }
}

TEST_F(RxHostileText, ManyTeethAndAmountsStayBounded) {
    std::string many = "intrude";
    for (int i = 0; i < 4000; ++i) many += " 12 0.1mm";
    const auto j = check(many);
    EXPECT_TRUE(j.contains("valid"));
}

TEST_F(RxHostileText, HugeTeethFieldsAreRefusedOrFolded) {
    // "lower" + half a megabyte of blanks + "3-3" overflowed the stack in the teeth parser.
    const std::string blanks(500000, ' ');
    const auto folded = check_document(
        {{"instructions", {{{"teeth", "lower" + blanks + "3-3"}, {"movement", "extrude"}}}},
         {"attachments",
          {{"decision", "remove-some"},
           {"teeth", "13" + blanks + ", 23"},
           {"decided_by", "dr-lee"},
           {"decided_by_role", "clinician"},
           {"reason", "canines finished"},
           {"confirmed", true}}}});
    EXPECT_EQ(folded["instructions"][0]["teeth_fdi"],
              nlohmann::json::array({43, 42, 41, 31, 32, 33}));
    EXPECT_EQ(folded["attachments"]["teeth_fdi"], nlohmann::json::array({13, 23}));
    std::string list;
    for (int i = 0; i < 200000; ++i) list += "12, ";
    for (const char* movement : {"extrude", "ipr"}) {
        const auto refused =
            check_document({{"instructions", {{{"teeth", list + "13"}, {"movement", movement}}}}});
        EXPECT_EQ(refused["valid"], false);
        EXPECT_NE(refused["errors"].dump().find("is too long for a list of teeth"),
                  std::string::npos)
            << refused["errors"].dump().substr(0, 300);
    }
    const auto elastic = check_document({{"instructions",
                                          {{{"movement", "elastic"},
                                            {"from", "upper right" + blanks + "3"},
                                            {"to", "46"},
                                            {"class", "II"}}}}});
    EXPECT_EQ(elastic["valid"], true) << elastic["errors"].dump();
}

}  // namespace
