#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace cosmicdesk::models {

// RFC 4180 output. Cells that a spreadsheet would run as a formula (starting with =, +, -, @, tab or
// carriage return) are prefixed with an apostrophe, so an export never executes in Excel.
class CsvWriter
{
public:
    static std::string cell(std::string_view value);
    static std::string row(const std::vector<std::string> &cells);
};

} // namespace cosmicdesk::models
