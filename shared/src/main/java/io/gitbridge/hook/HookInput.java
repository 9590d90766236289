package io.gitbridge.hook;

import io.gitbridge.provider.HookEvents;
import io.gitbridge.provider.RegistrationMethod;
import java.util.Optional;

/**
 * The admin-set fields of a hook as validated from a create or update request.
 * Write-only fields may be absent on update, meaning "keep what is stored".
 *
 * @param apiUrl the provider's API base URL, without a trailing slash, when the request overrides the derived one
 * @param register whether gitbridge should keep a webhook registered on the provider; empty when the request left it
 *     out, which on update keeps the hook's current state
 * @param mergeMode how syncs treat the build branch's own changes; empty when the request left it out, which on
 *     create means {@link MergeMode#THEIRS} and on update keeps the hook's current mode
 * @param registrationMethod how to register, from {@code registration.method}; empty when the request left it out,
 *     which on create means {@link RegistrationMethod#WEBHOOK} and on update keeps the hook's current method
 * @param auth how the hook reads its source; empty when the request left it out, which on create means
 *     {@link HookAuth#TOKEN} and on update keeps the hook's current mode
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
        WriteOnly buildToken,
        String apiUrl,
        Optional<Boolean> register,
        Optional<MergeMode> mergeMode,
        Optional<RegistrationMethod> registrationMethod,
        Optional<HookAuth> auth) {
}
