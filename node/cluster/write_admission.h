// Write admission of a cluster member, shared by the HTTP write handlers (api::admitWrite)
// and the embedded tandem::Node, so both admit and acknowledge writes by the same rules:
//
//   admitWrite(member)  -> write -> commit -> acknowledgeWrite(member) -> answer the client
//
// A write is submitted only once the member admits it (a leader with a valid lease; during a
// switchover the member holds it and answers when the switchover ends). A success is
// acknowledged only if the lease still holds after the commit: otherwise the write was
// committed here but may or may not survive a failover, and the caller is told so.
//
// Thread-safety: pure wiring over MemberService, which may be called from any thread.
#pragma once

#include <functional>

#include "cluster/member_service.h"
#include "tandem/status.h"

namespace tandem::node::cluster {

// Runs `write` once `member` admits a write, or `refused` with the member's Status:
// kNotLeader (carrying the leader's endpoint, Status::leaderEndpoint(), when known),
// kLeadershipChallengeOngoing, kShuttingDown. Either runs on the calling thread, or, for a
// write held during a switchover, on a member thread when the switchover ends.
void admitWrite(MemberService& member, std::function<void()> write,
                std::function<void(Status)> refused);

// OK if a committed write may be acknowledged; else kLeadershipChallengeOngoing (503) saying
// the write was committed but not acknowledged because the lease was lost meanwhile.
Status acknowledgeWrite(const MemberService& member);

}  // namespace tandem::node::cluster
