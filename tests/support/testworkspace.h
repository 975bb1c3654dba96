#pragma once

#include <models/result.h>

#include <QAbstractItemModel>
#include <QString>
#include <QTemporaryDir>

#include <cstdint>

namespace cosmicdesk::testsupport {

// A fixed moment for generated worlds, so tests do not depend on the clock.
inline constexpr qint64 kTestNow = 1795305600; // 2026-11-22T00:00:00Z

// A temporary folder with a generated demo workspace in it.
class TestWorkspace
{
public:
    explicit TestWorkspace(qint64 tickets = 300, std::uint64_t seed = 7, qint64 now = kTestNow);
    bool isValid() const { return m_ok; }
    QString path() const { return m_path; }
    QString dir() const { return m_dir.path(); }
    QString error() const { return m_error; }

private:
    QTemporaryDir m_dir;
    QString m_path;
    QString m_error;
    bool m_ok = false;
};

// "a | b | c" for one row of a model, the columns joined, for short assertions.
QString rowText(const QAbstractItemModel *model, int row, int role = Qt::DisplayRole);

// Bytes of a file, for "same bytes" checks.
QByteArray fileBytes(const QString &path);

} // namespace cosmicdesk::testsupport
