package io.gitbridge.hooks;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.gitbridge.crypto.TokenCipherException;
import io.gitbridge.provider.github.app.GitHubAppAccess;
import io.gitbridge.provider.github.app.GitHubAppException;
import io.gitbridge.provider.github.app.GitHubAppStore;
import io.gitbridge.provider.github.app.Installation;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The page GitHub sends a person to after they installed the app or changed its installation (the app's Setup URL,
 * {@code ?installation_id=…&setup_action=install|update}). It is public, so it trusts nothing in the URL: the
 * installation is read from GitHub with the app's JWT ({@code GET /app/installations/{id}}) and recorded only when the
 * app has it; an id GitHub does not know for this app gets the same 404 page as no app at all, so nothing about other
 * installations shows. Every answer is a short {@code text/html} page whose variable parts are HTML-escaped.
 *
 * <p>Anyone may call it, and each check spends the app's GitHub rate limit, which minting installation tokens shares:
 * GitHub's answer for an id is remembered briefly; an installation the store holds as active (not uninstalled) is
 * answered from the store ({@code install}; {@code update} asks GitHub for the new selection while the budget allows);
 * beyond the {@link SetupPageGuard}'s budget the page answers 429 with {@code Retry-After} without asking GitHub.
 */
final class GitHubAppSetupPage {

    private static final Logger LOG = System.getLogger(GitHubAppSetupPage.class.getName());
    private static final int MAX_ID_DIGITS = 18;

    private final Optional<GitHubAppAccess> access;
    private final SetupPageGuard guard;

    GitHubAppSetupPage(Optional<GitHubAppAccess> access, SetupPageGuard guard) {
        this.access = access;
        this.guard = guard;
    }

    APIGatewayV2HTTPResponse answer(Optional<String> installationId, Optional<String> setupAction) {
        String id = installationId.orElse("");
        String action = setupAction.orElse("");
        if (id.isEmpty() || id.length() > MAX_ID_DIGITS || !id.chars().allMatch(c -> c >= '0' && c <= '9')
                || Long.parseLong(id) <= 0 || !(action.equals("install") || action.equals("update"))) {
            return page(400, "Not a GitHub App setup link",
                    "<p>This page expects <code>installation_id</code> (a number) and <code>setup_action</code>"
                    + " (<code>install</code> or <code>update</code>), as GitHub sends them after an installation.</p>");
        }
        long installation = Long.parseLong(id);
        Optional<GitHubAppAccess.Connected> connected;
        try {
            connected = access.flatMap(GitHubAppAccess::connect);
        } catch (TokenCipherException e) {
            // The key is sealed under another key (a replaced token-key), or KMS refuses: the admin's problem.
            LOG.log(Level.ERROR, "setup page: the GitHub App's private key cannot be opened: " + e.getMessage());
            return page(503, "gitbridge cannot use its GitHub App just now",
                    "<p>gitbridge could not open its GitHub App's key, so it cannot check this installation. Tell"
                    + " the gitbridge administrator; then reload this page.</p>");
        }
        if (connected.isEmpty()) {
            return unknown();
        }
        long appId = connected.get().app().appId();
        // An installation recorded as active (an installation event, an earlier visit) needs no check; after an
        // update GitHub is asked while the budget allows, so the page shows the new repository selection.
        Optional<Installation> stored = access.get().store().installation(installation).filter(i -> !i.deleted());
        if (stored.isPresent() && action.equals("install")) {
            return connectedPage(connected.get(), stored.get(), action);
        }
        Optional<SetupPageGuard.Entry> remembered = guard.remembered(appId, installation);
        if (remembered.isPresent()) {
            return remembered.get().installation().map(known -> connectedPage(connected.get(), known, action))
                    .orElseGet(GitHubAppSetupPage::unknown);
        }
        Optional<Long> wait = guard.takeCall();
        if (wait.isPresent()) {
            return stored.map(known -> connectedPage(connected.get(), known, action))
                    .orElseGet(() -> tooMany(wait.get()));
        }
        Optional<Installation> verified;
        try {
            verified = connected.get().api().installation(installation);
        } catch (GitHubAppException.RateLimited e) {
            LOG.log(Level.WARNING, "setup page: GitHub rate-limits the app: " + e.getMessage());
            return tooMany(e.retryAfterSeconds());
        } catch (GitHubAppException e) {
            LOG.log(Level.WARNING, "setup page: could not verify installation " + installation + ": " + e.getMessage());
            return page(502, "GitHub could not be asked",
                    "<p>gitbridge could not check this installation with GitHub just now. Reload this page in a"
                    + " minute.</p>");
        }
        if (verified.isEmpty()) {
            guard.remember(appId, installation, Optional.empty());
            return unknown();
        }
        Installation recorded = record(verified.get());
        guard.remember(appId, installation, Optional.of(recorded));
        return connectedPage(connected.get(), recorded, action);
    }

    private static APIGatewayV2HTTPResponse connectedPage(GitHubAppAccess.Connected connected, Installation recorded,
            String action) {
        String account = escape(recorded.account());
        return page(200, "gitbridge is connected",
                "<p>The GitHub App <strong>" + escape(connected.app().name()) + "</strong> is "
                + (action.equals("install") ? "installed" : "updated") + " on <strong>" + account
                + "</strong> (installation " + recorded.id() + ", "
                + (recorded.selection() == Installation.Selection.ALL ? "all repositories" : "selected repositories")
                + (recorded.suspended() ? ", suspended" : "") + ").</p>"
                + "<p>Next: a gitbridge administrator creates a hook for each repository to sync, through the admin"
                + " API (<code>POST /hooks</code>) with <code>\"provider\": \"github\"</code> and <code>\"auth\":"
                + " \"github-app\"</code> instead of a token. No webhook needs to be added to the repository: the"
                + " app's webhook covers it.</p>");
    }

    /** Records what GitHub said, keeping the repositories installation events recorded before. */
    private Installation record(Installation fromGitHub) {
        GitHubAppStore store = access.orElseThrow().store();
        Installation merged = store.installation(fromGitHub.id())
                .map(known -> new Installation(fromGitHub.id(), fromGitHub.account(), fromGitHub.accountType(),
                        fromGitHub.selection(),
                        fromGitHub.selection() == Installation.Selection.ALL ? List.of() : known.repositories(),
                        fromGitHub.suspended(), false,
                        fromGitHub.updatedAt().isAfter(known.updatedAt()) ? fromGitHub.updatedAt() : known.updatedAt()))
                .orElse(fromGitHub);
        store.putInstallation(merged);
        return merged;
    }

    private static APIGatewayV2HTTPResponse tooMany(long retryAfterSeconds) {
        APIGatewayV2HTTPResponse page = page(429, "Too many requests just now",
                "<p>gitbridge checks installations with GitHub only so often. Reload this page in "
                + retryAfterSeconds + " seconds.</p>");
        page.getHeaders().put("retry-after", Long.toString(retryAfterSeconds));
        return page;
    }

    private static APIGatewayV2HTTPResponse unknown() {
        return page(404, "Installation not known",
                "<p>gitbridge does not know this installation. Install the app from its page on GitHub, then follow"
                + " the link GitHub shows.</p>");
    }

    private static APIGatewayV2HTTPResponse page(int status, String title, String content) {
        String html = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + escape(title)
                + "</title></head>\n<body><h1>" + escape(title) + "</h1>\n" + content + "\n</body></html>\n";
        return APIGatewayV2HTTPResponse.builder().withStatusCode(status)
                .withHeaders(new HashMap<>(Map.of("content-type", "text/html; charset=utf-8",
                        // Nothing on the page needs scripts, frames or other origins.
                        "content-security-policy", "default-src 'none'; frame-ancestors 'none'",
                        "x-content-type-options", "nosniff", "cache-control", "no-store")))
                .withBody(html).build();
    }

    /** Text for HTML element content and attribute values. */
    static String escape(String text) {
        StringBuilder escaped = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '&' -> escaped.append("&amp;");
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '"' -> escaped.append("&quot;");
                case '\'' -> escaped.append("&#39;");
                default -> escaped.append(Character.isISOControl(c) ? ' ' : c);
            }
        }
        return escaped.toString();
    }
}
