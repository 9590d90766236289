package io.gitbridge.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** How each provider's registrar finds a repository's API base and coordinates from the hook's clone URL. */
class RepositoryLocationTest {

    private final Providers providers = Providers.standard();

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
            "github           | https://github.com/acme/app.git                                  | -                                  | https://api.github.com                         | acme                  | app",
            "github           | https://github.com/acme/app                                      | -                                  | https://api.github.com                         | acme                  | app",
            "github           | https://ghe.example.com/acme/app.git                             | -                                  | https://ghe.example.com/api/v3                 | acme                  | app",
            "github           | https://github.com/acme/app.git                                  | http://127.0.0.1:9999              | http://127.0.0.1:9999                          | acme                  | app",
            "gitlab           | https://gitlab.com/acme/app.git                                  | -                                  | https://gitlab.com/api/v4                      | acme                  | app",
            "gitlab           | https://gitlab.com/acme/platform/backend/app.git                 | -                                  | https://gitlab.com/api/v4                      | acme/platform/backend | app",
            "gitlab           | https://git.example.com:8443/acme/app.git                        | -                                  | https://git.example.com:8443/api/v4            | acme                  | app",
            "gitlab           | https://example.com/gitlab/acme/platform/app.git                 | https://example.com/gitlab/api/v4  | https://example.com/gitlab/api/v4              | acme/platform         | app",
            "bitbucket        | https://bitbucket.org/acme/app.git                               | -                                  | https://api.bitbucket.org/2.0                  | acme                  | app",
            "bitbucket-server | https://bitbucket.example.com/scm/PROJ/app.git                   | -                                  | https://bitbucket.example.com/rest/api/1.0     | PROJ                  | app",
            "bitbucket-server | https://example.com/bitbucket/scm/PROJ/app.git                   | -                                  | https://example.com/bitbucket/rest/api/1.0     | PROJ                  | app",
            "bitbucket-server | https://bitbucket.example.com:7990/scm/~jdoe/app.git             | -                                  | https://bitbucket.example.com:7990/rest/api/1.0| ~jdoe                 | app",
            "gitea            | https://gitea.example.com/acme/app.git                           | -                                  | https://gitea.example.com/api/v1               | acme                  | app",
            "gitea            | https://codeberg.org/acme/app.git                                | -                                  | https://codeberg.org/api/v1                    | acme                  | app",
            "gitea            | https://example.com/git/acme/app.git                             | -                                  | https://example.com/git/api/v1                 | acme                  | app",
            "gogs             | https://gogs.example.com/acme/app.git                            | -                                  | https://gogs.example.com/api/v1                | acme                  | app",
            "gogs             | https://example.com/gogs/acme/app.git                            | -                                  | https://example.com/gogs/api/v1                | acme                  | app",
            "gitflic          | https://gitflic.ru/project/acme/app.git                          | -                                  | https://api.gitflic.ru                         | acme                  | app",
            "gitflic          | https://git.example.com/project/acme/app.git                     | -                                  | https://git.example.com/rest-api               | acme                  | app",
            "gitflic          | https://example.com/gitflic/project/acme/app.git                 | -                                  | https://example.com/gitflic/rest-api           | acme                  | app",
            "azure-devops     | https://dev.azure.com/acme/Storefront/_git/app                   | -                                  | https://dev.azure.com/acme                     | Storefront            | app",
            "azure-devops     | https://dev.azure.com/acme/Web%20Shop/_git/app                   | -                                  | https://dev.azure.com/acme                     | Web Shop              | app",
            "azure-devops     | https://dev.azure.com/acme/_git/Storefront                       | -                                  | https://dev.azure.com/acme                     | Storefront            | Storefront",
            "azure-devops     | https://acme.visualstudio.com/Storefront/_git/app                | -                                  | https://dev.azure.com/acme                     | Storefront            | app",
            "azure-devops     | https://acme.visualstudio.com/DefaultCollection/Storefront/_git/app | -                               | https://dev.azure.com/acme                     | Storefront            | app",
            "azure-devops     | https://tfs.example.com/tfs/DefaultCollection/Storefront/_git/app | -                                 | https://tfs.example.com/tfs/DefaultCollection  | Storefront            | app",
    })
    void locate_derivesTheApiBaseAndCoordinates(String provider, String sourceRepo, String apiUrl, String apiBase,
            String owner, String name) {
        RepositoryLocation location = registrar(provider).locate(sourceRepo, apiUrl);

        assertThat(location).isEqualTo(new RepositoryLocation(apiBase, owner, name));
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', value = {
            "github           | https://github.com/acme                            | must be https://github.com/<owner>/<repository>.git to register a webhook on GitHub",
            "github           | https://github.com/acme/app/tree/main              | must be https://github.com/<owner>/<repository>.git to register a webhook on GitHub",
            "gitlab           | https://gitlab.com/app.git                         | must be https://gitlab.com/<group>/<project>.git to register a webhook on GitLab",
            "bitbucket        | https://bitbucket.example.com/acme/app.git         | is not on bitbucket.org; for Bitbucket Data Center use the provider bitbucket-server",
            "bitbucket-server | https://bitbucket.example.com/projects/PROJ/repos/app | must be https://bitbucket.example.com/scm/<PROJECT>/<repository>.git to register a webhook on Bitbucket Data Center",
            "azure-devops     | https://dev.azure.com/acme/Storefront              | must be https://dev.azure.com/<organization>/<project>/_git/<repository> to register a service hook on Azure DevOps",
            "gogs             | https://gogs.example.com/app.git                   | must be https://gogs.example.com/<owner>/<repository>.git to register a webhook on Gogs",
            "gitflic          | https://gitflic.ru/acme/app.git                    | must be https://gitflic.ru/project/<owner>/<project>.git to register a webhook on GitFlic",
            "gitea            | file:///tmp/acme/app.git                           | must be the repository's https clone URL to register a webhook",
    })
    void locate_refusesAUrlThatNamesNoRepository(String provider, String sourceRepo, String message) {
        assertThatThrownBy(() -> registrar(provider).locate(sourceRepo, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
    }

    private WebhookRegistrar registrar(String provider) {
        return providers.find(provider).orElseThrow().registrar().orElseThrow();
    }
}
