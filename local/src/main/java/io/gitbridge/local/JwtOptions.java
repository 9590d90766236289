package io.gitbridge.local;

import java.util.List;
import java.util.Optional;

/**
 * How the runner's front checks project administrators' JWTs, as the template's JWT authorizer does on AWS.
 *
 * @param jwks where the issuer's signing keys are: a JWKS file, or an http(s) URL (the issuer's {@code jwks_uri})
 * @param issuer the {@code iss} every token must carry
 * @param audiences the {@code aud} (or {@code client_id}) values accepted, at least one of which a token must carry
 * @param projectsClaim the claim that lists the projects a caller administers
 */
public record JwtOptions(Optional<String> jwks, Optional<String> issuer, List<String> audiences, String projectsClaim) {

    /** The claim read when none is configured, as the template's JwtProjectsClaim default. */
    public static final String DEFAULT_PROJECTS_CLAIM = "gitbridge_projects";

    /** No JWT checking: the project routes answer 401. */
    public static final JwtOptions NONE = new JwtOptions(Optional.empty(), Optional.empty(), List.of(),
            DEFAULT_PROJECTS_CLAIM);

    public JwtOptions {
        audiences = List.copyOf(audiences);
        if (jwks.isPresent() != issuer.isPresent() || issuer.isPresent() == audiences.isEmpty()) {
            throw new IllegalArgumentException("--jwt-jwks, --jwt-issuer and --jwt-audience go together: give all"
                    + " three to open the project routes (/projects/...), or none");
        }
        if (projectsClaim == null || projectsClaim.isBlank()) {
            throw new IllegalArgumentException("--jwt-projects-claim needs a claim name");
        }
    }

    /** True when the project routes are open to JWTs. */
    public boolean configured() {
        return jwks.isPresent();
    }
}
