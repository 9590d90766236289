package io.gitbridge.aws;

import static org.assertj.core.api.Assertions.assertThat;

import io.gitbridge.hook.Hook;
import io.gitbridge.provider.HookEvents;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HookItemsTest {

    @Test
    void attributesWithoutTokens_nameEveryAttributeOfAHookItem_butNoCredential() {
        Instant now = Instant.parse("2026-11-21T10:00:00Z");
        Hook hook = Hook.builder().id("hk_one").project("app").provider("github").sourceRepo("https://x.test/a.git")
                .branch("main").events(new HookEvents(true, false)).secret("0123456789abcdef")
                .buildRepo("https://x.test/b.git").buildBranch("master").createdAt(now).updatedAt(now).build();
        // adminFields names optional attributes too (with null values), so nothing depends on what is set.
        Set<String> attributes = new HashSet<>(HookItems.toItem(hook).keySet());
        attributes.addAll(HookItems.adminFields(hook).keySet());
        attributes.add(HookItems.LAST_SYNC);
        attributes.add(HookItems.FAILURES);
        attributes.remove(HookItems.LIST_KEY);
        attributes.remove(HookItems.CREATED_KEY);

        assertThat(HookItems.ATTRIBUTES_WITHOUT_TOKENS).containsExactlyInAnyOrderElementsOf(attributes)
                .doesNotContain(HookItems.TOKEN, HookItems.BUILD_TOKEN);
    }
}
