#include "cluster/write_admission.h"

#include <string>
#include <utility>

namespace tandem::node::cluster {

void admitWrite(MemberService& member, std::function<void()> write,
                std::function<void(Status)> refused) {
  member.admitWrite([write = std::move(write), refused = std::move(refused)](
                        Status status, std::string leader_endpoint) {
    if (!status) {
      if (status.code() == ErrorCode::kNotLeader) {
        status = status.withLeaderEndpoint(std::move(leader_endpoint));
      }
      refused(std::move(status));
      return;
    }
    write();
  });
}

Status acknowledgeWrite(const MemberService& member) {
  Status why = member.checkAcknowledge();
  if (why) return why;
  std::string message =
      "leadership challenge is ongoing: the write was committed on this server but is not "
      "acknowledged, because its leadership lease was lost before the answer";
  if (!why.message().empty()) message += " (" + why.message() + ")";
  message += "; it may or may not survive a failover: read it back before retrying";
  return Status::error(ErrorCode::kLeadershipChallengeOngoing, std::move(message), 503);
}

}  // namespace tandem::node::cluster
