// VTK is the peer the tests and benchmarks compare against, never part of the product: the
// built `intake` (and `intake-kiosk`, when the kiosk is built) must load no libvtk. The oracle
// test binary is the positive control that shows the ldd check can see VTK when it is there.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <string>

namespace {

namespace fs = std::filesystem;

std::string ldd(const fs::path& binary) {
    std::string out;
    std::FILE* p = ::popen(("ldd '" + binary.string() + "' 2>&1").c_str(), "r");
    if (p == nullptr) return out;
    char buf[4096];
    size_t n = 0;
    while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
    ::pclose(p);
    return out;
}

TEST(NoVtkInProduct, TheOracleTestBinaryDoesLinkVtk) {
    const fs::path oracle = INTAKE_ORACLE_TEST_BINARY;
    ASSERT_TRUE(fs::exists(oracle)) << oracle;
    EXPECT_NE(ldd(oracle).find("libvtk"), std::string::npos);
}

TEST(NoVtkInProduct, TheIntakeCliLinksNoVtk) {
    const fs::path cli = INTAKE_CLI_BINARY;
    ASSERT_TRUE(fs::exists(cli)) << cli;
    const std::string libs = ldd(cli);
    ASSERT_NE(libs.find("libc.so"), std::string::npos) << libs;
    EXPECT_EQ(libs.find("libvtk"), std::string::npos) << libs;
}

#ifdef INTAKE_KIOSK_BINARY
// Compiled only where the build has the kiosk (INTAKE_BUILD_APP), so it never skips quietly.
TEST(NoVtkInProduct, TheKioskLinksNoVtk) {
    const fs::path kiosk = INTAKE_KIOSK_BINARY;
    ASSERT_TRUE(fs::exists(kiosk)) << kiosk;
    const std::string libs = ldd(kiosk);
    ASSERT_NE(libs.find("libc.so"), std::string::npos) << libs;
    EXPECT_EQ(libs.find("libvtk"), std::string::npos) << libs;
}
#endif

}  // namespace
