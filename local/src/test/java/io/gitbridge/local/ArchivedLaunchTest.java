package io.gitbridge.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArchivedLaunchTest {

    @TempDir
    Path dir;

    private Path jarWithArchive() throws IOException {
        Path jar = dir.resolve("gitbridge-local.jar");
        Files.writeString(jar, "a jar");
        Files.writeString(dir.resolve("gitbridge-local.jsa"), "an archive");
        ArchivedLaunch.writeDescription(jar);
        return jar;
    }

    @Test
    void archiveOf_andDescriptionOf_sitNextToTheJar() {
        Path jar = dir.resolve("gitbridge-local.jar");
        assertThat(ArchivedLaunch.archiveOf(jar)).isEqualTo(dir.resolve("gitbridge-local.jsa"));
        assertThat(ArchivedLaunch.descriptionOf(jar)).isEqualTo(dir.resolve("gitbridge-local.jsa.properties"));
    }

    @Test
    void fittingArchive_isTheArchive_whenItWasBuiltFromThisJarForThisJvm() throws IOException {
        Path jar = jarWithArchive();
        assertThat(ArchivedLaunch.fittingArchive(jar)).contains(dir.resolve("gitbridge-local.jsa"));
    }

    @Test
    void fittingArchive_isEmpty_whenTheJarWasRebuiltOrTouchedAfterIt() throws IOException {
        Path jar = jarWithArchive();
        Files.setLastModifiedTime(jar, FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() + 1000));
        assertThat(ArchivedLaunch.fittingArchive(jar)).isEmpty();
    }

    @Test
    void fittingArchive_isEmpty_whenTheJarChangedSize() throws IOException {
        Path jar = jarWithArchive();
        FileTime modified = Files.getLastModifiedTime(jar);
        Files.writeString(jar, "a longer jar");
        Files.setLastModifiedTime(jar, modified);
        assertThat(ArchivedLaunch.fittingArchive(jar)).isEmpty();
    }

    @Test
    void fittingArchive_isEmpty_whenAnotherJvmBuiltIt() throws IOException {
        Path jar = jarWithArchive();
        Properties other = ArchivedLaunch.description(jar);
        other.setProperty(ArchivedLaunch.VM_VERSION, "25.0.3+9-LTS");
        try (Writer out = Files.newBufferedWriter(ArchivedLaunch.descriptionOf(jar), StandardCharsets.UTF_8)) {
            other.store(out, null);
        }
        assertThat(ArchivedLaunch.fittingArchive(jar)).isEmpty();
    }

    @Test
    void fittingArchive_isEmpty_whenTheJarWasMovedWithIt() throws IOException {
        Path jar = jarWithArchive();
        Path elsewhere = Files.createDirectory(dir.resolve("elsewhere"));
        for (String name : new String[] {"gitbridge-local.jar", "gitbridge-local.jsa", "gitbridge-local.jsa.properties"}) {
            Files.copy(dir.resolve(name), elsewhere.resolve(name), java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
        }
        assertThat(ArchivedLaunch.fittingArchive(elsewhere.resolve("gitbridge-local.jar"))).isEmpty();
        assertThat(ArchivedLaunch.fittingArchive(jar)).isPresent();
    }

    @Test
    void fittingArchive_isEmpty_withoutTheArchiveOrItsDescription() throws IOException {
        Path jar = jarWithArchive();
        Files.delete(ArchivedLaunch.descriptionOf(jar));
        assertThat(ArchivedLaunch.fittingArchive(jar)).isEmpty();
        ArchivedLaunch.writeDescription(jar);
        Files.delete(ArchivedLaunch.archiveOf(jar));
        assertThat(ArchivedLaunch.fittingArchive(jar)).isEmpty();
    }

    @Test
    void fittingArchive_isEmpty_whenTheDescriptionIsUnreadable() throws IOException {
        Path jar = jarWithArchive();
        Files.writeString(ArchivedLaunch.descriptionOf(jar), "jar=\\u12", StandardCharsets.ISO_8859_1);
        assertThat(ArchivedLaunch.fittingArchive(jar)).isEmpty();
    }

    @Test
    void jar_isEmpty_whenRunFromClassDirectories() {
        // Tests run from target/classes: the runner then always runs in its own JVM, as before.
        assertThat(ArchivedLaunch.jar()).isEmpty();
    }
}
