#pragma once

#include <models/queuedata.h>

#include <memory>

// Small hand-made queues for the model and filter tests.
namespace queuerows {

inline cosmicdesk::models::QueueData::Row row(qint64 id, const QString &subject, const QString &requester, quint8 priority, quint8 status,
                                              qint64 createdAt)
{
    cosmicdesk::models::QueueData::Row r;
    r.id = id;
    r.subject = subject;
    r.requesterId = 100 + id;
    r.requesterName = requester;
    r.requesterEmail = requester.section(QLatin1Char(' '), 0, 0).toLower() + QStringLiteral("@example.com");
    r.priority = priority;
    r.status = status;
    r.createdAt = createdAt;
    r.updatedAt = createdAt;
    r.organizationId = 1 + id % 3;
    r.organizationName = QStringLiteral("Org %1").arg(r.organizationId);
    r.organizationMrrCents = r.organizationId * 100000;
    r.groupId = 10 + id % 2;
    r.groupName = id % 2 ? QStringLiteral("Data & Analytics") : QStringLiteral("Integrations & API");
    return r;
}

// Eight tickets with varied subjects, people, priorities and statuses. Status 1 = open, 4 = solved.
inline std::shared_ptr<cosmicdesk::models::QueueData> sample(qint64 now)
{
    auto d = std::make_shared<cosmicdesk::models::QueueData>();
    const qint64 h = 3600;
    d->upsert(row(1, QStringLiteral("Webhooks failing for all orders"), QStringLiteral("Jane Doe"), 0, 1, now - 2 * h));
    d->upsert(row(2, QStringLiteral("Refund not received"), QStringLiteral("Zoë Müller"), 2, 1, now - 30 * h));
    d->upsert(row(3, QStringLiteral("Café order 4411 late"), QStringLiteral("Ahmad Tan"), 3, 4, now - 50 * h));
    d->upsert(row(4, QStringLiteral("How to export invoices"), QStringLiteral("Jane Roe"), 3, 1, now - 1 * h));
    d->upsert(row(5, QStringLiteral("API returns 429"), QStringLiteral("Bob Stone"), 1, 1, now - 3 * h));
    d->upsert(row(6, QStringLiteral("Refund for damaged item"), QStringLiteral("Carla Díaz"), 2, 2, now - 5 * h));
    d->upsert(row(7, QStringLiteral("Dashboard numbers wrong"), QStringLiteral("Dev Patel"), 255, 0, now - 10 * 60));
    d->upsert(row(8, QStringLiteral("Charged twice"), QStringLiteral("Eve Lim"), 1, 1, now - 26 * h));
    d->guardian[1] = 2;     // ticket 2: Guardian alert
    d->opportunity[3] = 40; // ticket 4: opportunity
    d->suggested[6] = 2;    // ticket 7: no agent priority, suggested P2
    d->firstReplyAt[0] = now - h;
    return d;
}

} // namespace queuerows
