package io.gitbridge.hook;

/**
 * The admin-set fields of a hook as validated from a create or update request.
 * Write-only fields may be absent on update, meaning "keep what is stored".
 */
public record HookInput(
        String project,
        String provider,
        String sourceRepo,
        String branch,
        HookEvents events,
        WriteOnly secret,
        WriteOnly token,
        String buildRepo,
        String buildBranch,
        WriteOnly buildToken) {
}
