// libFuzzer target: the CSV reader must take any bytes, end, and either read records or report an
// error with a line, never run past its limits.
#include <models/csvreader.h>

#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const std::string_view text(reinterpret_cast<const char *>(data), size);
    cosmicdesk::models::CsvReader reader(text, 4096, 64);
    std::vector<std::string> row;
    std::size_t records = 0;
    std::size_t bytes = 0;
    while (reader.next(row)) {
        if (row.empty() || row.size() > 64)
            std::abort();
        for (const auto &field : row) {
            if (field.size() > 4096)
                std::abort();
            bytes += field.size();
        }
        if (++records > size + 1 || bytes > size)
            std::abort(); // more out than came in: the reader is looping or inventing data
    }
    if (!reader.error().empty() && reader.line() == 0)
        std::abort();
    return 0;
}
