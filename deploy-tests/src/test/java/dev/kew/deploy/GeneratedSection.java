package dev.kew.deploy;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A part of a Markdown file that is generated, between {@code <!-- BEGIN GENERATED name ... -->}
 * and {@code <!-- END GENERATED name -->}; the markers stay, so the file says where its text comes
 * from.
 */
record GeneratedSection(String name) {

  /** The file's text with this section's content replaced by {@code content}. */
  String replaceIn(String file, String content) {
    Matcher m = pattern().matcher(file);
    if (!m.find()) {
      throw new IllegalStateException(
          "no '<!-- BEGIN GENERATED "
              + name
              + " ... -->' ... '<!-- END GENERATED "
              + name
              + " -->' in the file");
    }
    String lines = content.endsWith("\n") ? content : content + "\n";
    return file.substring(0, m.start(2)) + "\n" + lines + file.substring(m.end(2));
  }

  private Pattern pattern() {
    String n = Pattern.quote(name);
    return Pattern.compile(
        "(<!-- BEGIN GENERATED " + n + "\\b[^>]*-->)(.*?)(?=<!-- END GENERATED " + n + " -->)",
        Pattern.DOTALL);
  }
}
