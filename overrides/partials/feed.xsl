{#- How a weekly feed (weeks/feed.xml, weeks/<band>.xml) reads when a person opens it in a
    browser: a page in the feed's language with a "what is this / how to subscribe" line, the
    address to copy and the weeks. Feed readers ignore it. Rendered in hooks/newsletter.py. -#}
<?xml version="1.0" encoding="utf-8"?>
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:a="http://www.w3.org/2005/Atom" exclude-result-prefixes="a">
  <xsl:output method="html" encoding="utf-8" doctype-system="about:legacy-compat" indent="no"/>
  <xsl:template match="/a:feed">
    <html lang="{{ feed.language }}" dir="{{ feed.direction }}">
      <head>
        <meta charset="utf-8"/>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <title><xsl:value-of select="a:title"/></title>
        <link rel="stylesheet" href="{{ feed.css }}"/>
      </head>
      <body class="kt-feed">
        <main>
          <h1><xsl:value-of select="a:title"/></h1>
          <p class="kt-feed__what">{{ words.feed_what }}</p>
          <p>{{ words.feed_how }}</p>
          <p class="kt-feed__address" dir="ltr"><xsl:value-of select="a:link[@rel='self']/@href"/></p>
          <p><a href="{{ feed.weeks_url }}">{{ words.weeks }}</a></p>
          <xsl:for-each select="a:entry">
            <section class="kt-feed__entry">
              <h2>
                <a><xsl:attribute name="href"><xsl:value-of select="a:link/@href"/></xsl:attribute><xsl:value-of select="a:title"/></a>
              </h2>
              <p><xsl:value-of select="a:summary"/></p>
            </section>
          </xsl:for-each>
        </main>
      </body>
    </html>
  </xsl:template>
</xsl:stylesheet>
