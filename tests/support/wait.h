#pragma once

#include <models/result.h>

#include <QTest>

#include <optional>

namespace cosmicdesk::testsupport {

// Catches the answer of an asynchronous call: pass callback() as its callback, then wait().
template <typename T> struct Wait
{
    std::optional<models::Result<T>> result;
    auto callback()
    {
        return [this](models::Result<T> r) { result = std::move(r); };
    }
    bool wait(int ms = 10000)
    {
        return QTest::qWaitFor([this] { return result.has_value(); }, ms);
    }
};

} // namespace cosmicdesk::testsupport
